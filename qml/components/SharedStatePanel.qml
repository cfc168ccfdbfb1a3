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

    // The cards scroll from edge to edge of the pane: its margins above and below are the
    // scrolled content's own, so a tall card has all of the pane's height (a large zoom).
    padding: Theme.padding
    topPadding: 0
    bottomPadding: 0
    background: Rectangle { color: Theme.surfaceAlt }

    // What the lesson points at is scrolled into view (several vmas, or binder's many
    // objects, do not all fit in the panel).
    // After the cards have taken their new sizes (a step changes them too).
    onHighlightChanged: revealTimer.restart()
    Timer {
        id: revealTimer
        interval: 50
        onTriggered: root.revealHighlighted()
    }
    // The fields a lesson frames (ValueText and the binder rows mark themselves `emphasized`),
    // found in the cards, in the panel's coordinates.
    function framedFields(item, found) {
        for (let i = 0; i < item.children.length; ++i) {
            const c = item.children[i]
            if (!c.visible)
                continue
            if (c.emphasized === true) {
                const r = c.mapToItem(cards, 0, 0, c.width, c.height)
                // The top of the field's card: its name says which object it is.
                let card = c
                while (card.parent && card.parent !== cards)
                    card = card.parent
                found.push({ x: r.x, y: r.y, width: r.width, height: r.height, cardTop: card.y })
            }
            else
                framedFields(c, found)
        }
        return found
    }
    function revealHighlighted() {
        const fields = framedFields(cards, [])
        if (fields.length === 0)
            return
        let top = fields[0].y
        let bottom = fields[0].y + fields[0].height
        for (const f of fields) {
            top = Math.min(top, f.y)
            bottom = Math.max(bottom, f.y + f.height)
        }
        const flick = scroll.contentItem
        const offset = cards.mapToItem(flick.contentItem, 0, 0).y
        // Every framed field if they fit together, else the first one; with their cards' names
        // when those fit as well.
        if (bottom - top > flick.height)
            bottom = fields[0].y + fields[0].height
        let cardTop = top
        for (const f of fields)
            if (f.y + f.height <= bottom)
                cardTop = Math.min(cardTop, f.cardTop)
        if (bottom - cardTop + 2 * Theme.spacing <= flick.height)
            top = cardTop
        reveal(offset + top - Theme.spacing, offset + bottom + Theme.spacing)
    }
    function reveal(top, bottom) {
        const flick = scroll.contentItem
        // The least scrolling that shows [top, bottom]; taller than the view, its top.
        let y = flick.contentY
        if (top < y || bottom - top > flick.height)
            y = top
        else if (bottom > y + flick.height)
            y = Math.min(top, bottom - flick.height)
        flick.contentY = Math.max(0, Math.min(y, flick.contentHeight - flick.height))
    }

    // A binder row's lines cut at its sub-headings: [{type, fields}], one per kernel struct.
    function structsOf(type, fields) {
        const parts = []
        for (const f of fields) {
            if (f.kind === "section")
                parts.push({ type: f.label, fields: [] })
            else if (parts.length === 0)
                parts.push({ type: type, fields: [f] })
            else
                parts[parts.length - 1].fields.push(f)
        }
        return parts.length > 0 ? parts : [{ type: type, fields: [] }]
    }

    ScrollView {
        id: scroll
        objectName: "stateScroll"
        anchors.fill: parent
        contentWidth: availableWidth
        contentHeight: stateColumn.implicitHeight + 2 * Theme.padding
        clip: true

        ColumnLayout {
            id: stateColumn
            y: Theme.padding
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
                // A thread's row holds its binder_thread and its task_struct (with the user page
                // its ioctl reads): a card each, as every other kernel object has, so that
                // neither is taller than the pane can show at a large zoom.
                Repeater {
                    model: root.session.binder
                    delegate: Column {
                        id: binderRow
                        required property string name
                        required property string kind
                        required property string type
                        required property var fields
                        required property var ghosts
                        required property bool inCycle
                        required property var changed
                        width: parent ? parent.width : 0
                        spacing: Theme.spacing
                        Repeater {
                            model: root.structsOf(binderRow.type, binderRow.fields)
                            delegate: BinderCard {
                                required property var modelData
                                required property int index
                                width: binderRow.width
                                name: binderRow.name
                                kind: binderRow.kind
                                type: modelData.type
                                fields: modelData.fields
                                // The checker's records are the binder_thread's.
                                ghosts: index === 0 ? binderRow.ghosts : []
                                inCycle: binderRow.inCycle
                                changed: binderRow.changed
                                emphasis: root.highlight
                            }
                        }
                    }
                }
            }
        }
    }
}
