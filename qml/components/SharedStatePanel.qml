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

    // A card the lesson points at is scrolled into view (several vmas, or binder's many
    // objects, do not all fit).
    // After the cards have taken their new sizes (a step changes them too).
    onHighlightChanged: revealTimer.restart()
    Timer {
        id: revealTimer
        interval: 50
        onTriggered: root.revealHighlighted()
    }
    function revealHighlighted() {
        for (let i = 0; i < cards.children.length; ++i) {
            const card = cards.children[i]
            if (card.name === undefined || !card.visible)
                continue
            for (const h of root.highlight)
                if (h === card.name || h.startsWith(card.name + ".")) {
                    reveal(card)
                    return
                }
        }
    }
    function reveal(card) {
        const flick = scroll.contentItem
        const top = card.mapToItem(flick.contentItem, 0, 0).y
        const bottom = top + card.height
        // The least scrolling that shows the card; a card taller than the view shows its top.
        let y = flick.contentY
        if (top < y || bottom - top > flick.height)
            y = top
        else if (bottom > y + flick.height)
            y = bottom - flick.height
        flick.contentY = Math.max(0, Math.min(y, flick.contentHeight - flick.height))
    }

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
                id: cards
                objectName: "stateCards"
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
