import QtQuick
import QtQuick.Controls
import Lockstep

// A small labelled tag ("write-locked", "freed", "modified"). It always carries words, and a
// glyph where one helps, so its colour is never the only message.
Rectangle {
    id: root

    property string text
    property string glyph
    property color tone: Theme.accent
    property bool strong: false

    implicitWidth: label.implicitWidth + 2 * Theme.spacing
    implicitHeight: label.implicitHeight + Theme.spacingSmall
    radius: Theme.radiusSmall
    color: strong ? tone : Theme.tint(tone)
    border.color: tone
    border.width: Theme.border

    Behavior on color { ColorAnimation { duration: Theme.durationState } }

    Label {
        id: label
        anchors.centerIn: parent
        text: (root.glyph !== "" ? root.glyph + " " : "") + root.text
        font.pixelSize: Theme.fontSmall
        font.bold: true
        color: root.strong ? Theme.accentText : Theme.text
    }
}
