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

    // The words' width on one line, measured apart: a wrapping label's own implicit width
    // follows the width it is given.
    TextMetrics {
        id: words
        font: label.font
        text: label.text
    }
    implicitWidth: Math.ceil(words.advanceWidth) + 1 + 2 * Theme.spacing
    // Given less than its words' width (a narrow card at a large zoom), they wrap.
    implicitHeight: label.height + Theme.spacingSmall
    radius: Theme.radiusSmall
    color: strong ? tone : Theme.tint(tone)
    border.color: tone
    border.width: Theme.border

    Behavior on color { ColorAnimation { duration: Theme.durationState } }

    Label {
        id: label
        anchors.centerIn: parent
        width: Math.min(Math.ceil(words.advanceWidth) + 1, root.width - 2 * Theme.spacing)
        wrapMode: Text.Wrap
        horizontalAlignment: Text.AlignHCenter
        text: (root.glyph !== "" ? root.glyph + " " : "") + root.text
        font.pixelSize: Theme.fontSmall
        font.bold: true
        color: root.strong ? Theme.accentText : Theme.text
    }
}
