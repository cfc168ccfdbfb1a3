import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// Help > About: what this is and which build, so a bug report can say.
Popup {
    id: root

    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(Theme.helpWidth, parent ? parent.width - 2 * Theme.spacingLarge : Theme.helpWidth)
    padding: Theme.spacingLarge
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    background: Rectangle {
        color: Theme.surface
        border.color: Theme.frame
        border.width: Theme.borderStrong
        radius: Theme.radius
    }
    Overlay.modal: Rectangle { color: Theme.overlay }

    contentItem: ColumnLayout {
        spacing: Theme.spacing
        Label {
            text: qsTr("Lockstep")
            font.pixelSize: Theme.fontTitle
            font.bold: true
        }
        Label {
            objectName: "aboutVersion"
            text: qsTr("Version %1 (Qt %2)").arg(AppInfo.version).arg(AppInfo.qtVersion)
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            text: qsTr("Runs the Linux kernel's lock algorithms step by step: the per-VMA lock and binder's main lock as the kernel wrote them, with the versions and proposals from their review threads. Pick each step yourself, go back, or let the explorer find the interleaving that breaks a variant.")
        }
        Label {
            Layout.fillWidth: true
            wrapMode: Text.Wrap
            color: Theme.textMuted
            text: qsTr("lockstep-cli runs the same scenarios in a terminal: schedule files and JSON from the Export menu replay and compare there.")
        }
        TipButton {
            Layout.alignment: Qt.AlignRight
            text: qsTr("Close")
            tip: qsTr("Close (Escape)")
            onClicked: root.close()
        }
    }
}
