import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// A sheet of Help text: a title, a short introduction and terms with their explanations, in
// the look of the keyboard sheet. The glossary and the invariants are two of these.
Popup {
    id: root

    property string title
    property string intro
    // [[term, explanation], ...]; a term that starts with "## " is a heading between groups.
    property var entries: []

    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(Theme.helpWidth * 1.3, parent ? parent.width - 2 * Theme.spacingLarge : Theme.helpWidth)
    height: Math.min(implicitHeight, parent ? parent.height - 2 * Theme.spacingLarge : implicitHeight)
    padding: Theme.spacingLarge
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    background: Rectangle {
        color: Theme.surface
        border.color: Theme.frame
        border.width: Theme.borderStrong
        radius: Theme.radius
    }
    Overlay.modal: Rectangle { color: Theme.overlay }

    contentItem: ScrollView {
        id: scroll
        contentWidth: availableWidth
        clip: true
        ColumnLayout {
            width: scroll.availableWidth
            spacing: Theme.spacing
            Label {
                text: root.title
                font.pixelSize: Theme.fontTitle
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                visible: root.intro !== ""
                text: root.intro
                wrapMode: Text.Wrap
            }
            Repeater {
                model: root.entries
                delegate: ColumnLayout {
                    id: entry
                    required property var modelData
                    readonly property bool heading: modelData[0].startsWith("## ")
                    Layout.fillWidth: true
                    Layout.topMargin: heading ? Theme.spacing : 0
                    spacing: Theme.spacingSmall / 2
                    Label {
                        Layout.fillWidth: true
                        text: entry.heading ? entry.modelData[0].substring(3) : entry.modelData[0]
                        font.family: entry.heading ? Qt.application.font.family : Theme.monoFamily
                        font.pixelSize: entry.heading ? Theme.fontLarge : Theme.fontBase
                        font.bold: true
                        wrapMode: Text.Wrap
                    }
                    Label {
                        Layout.fillWidth: true
                        Layout.leftMargin: entry.heading ? 0 : Theme.spacingLarge
                        visible: entry.modelData[1] !== ""
                        text: entry.modelData[1]
                        wrapMode: Text.Wrap
                    }
                }
            }
            TipButton {
                Layout.alignment: Qt.AlignRight
                text: qsTr("Close")
                tip: qsTr("Close this sheet (Escape)")
                onClicked: root.close()
            }
        }
    }
}
