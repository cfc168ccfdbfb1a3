import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// The memory the threads share: every vm_area_struct and mm_struct of a VMA run, binder's
// globals, procs, threads and the OOM state of a binder run, and the last operation that
// touched it.
Pane {
    id: root

    required property Session session
    // What a lesson step points at: "vma.vm_refcnt", "lane:R1", ...
    property var highlight: []

    padding: Theme.padding
    background: Rectangle { color: Theme.surfaceAlt }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            width: scroll.availableWidth
            spacing: Theme.spacing

            Label {
                text: qsTr("Shared state")
                font.pixelSize: Theme.fontLarge
                font.bold: true
            }
            Label {
                Layout.fillWidth: true
                text: root.session.lastEventText !== ""
                      ? qsTr("Step %1: %2").arg(root.session.step).arg(root.session.lastEventText)
                      : qsTr("Step 0: nothing has run yet")
                textFormat: Text.PlainText
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
                color: Theme.textMuted
            }
            // The cards sit in a plain Column, not in the ColumnLayout: Qt 6.4's layouts keep
            // a removed delegate for one more pass and crash on it when every card of one family
            // goes at once (a lesson that opens a binder scenario after a per-VMA one).
            Column {
                Layout.fillWidth: true
                spacing: Theme.spacing
                Repeater {
                    model: root.session.vmas
                    delegate: VmaCard {
                        width: parent ? parent.width : 0
                        emphasis: root.highlight
                    }
                }
                Repeater {
                    model: root.session.mms
                    delegate: MmCard {
                        width: parent ? parent.width : 0
                        emphasis: root.highlight
                    }
                }
                Repeater {
                    model: root.session.binder
                    delegate: BinderCard {
                        width: parent ? parent.width : 0
                        emphasis: root.highlight
                    }
                }
            }
        }
    }
}
