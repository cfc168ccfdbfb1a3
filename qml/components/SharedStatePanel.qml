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
    // A greyed store's "why not?" asks for the execution graph.
    signal explainRequested()

    // The cards scroll from edge to edge of the pane: its margins above and below are the
    // scrolled content's own, so a tall card has all of the pane's height (a large zoom).
    padding: Theme.padding
    topPadding: 0
    bottomPadding: 0
    background: Rectangle { color: Theme.surfaceAlt }

    // What the lesson points at is scrolled into view (several vmas, or binder's many
    // objects, do not all fit in the panel): after the cards have taken their new sizes, when
    // the step or the highlight changes, and when the pane's height does (presenter captions
    // growing for a question, a resize).
    onHighlightChanged: revealTimer.restart()
    Connections {
        target: root.session
        function onStepChanged() { revealTimer.restart() }
        // Another run starts at its first card.
        function onConfigChanged() { scroll.contentItem.contentY = 0 }
    }
    Timer {
        id: revealTimer
        interval: 50
        onTriggered: root.revealHighlighted()
    }

    // The cards, in the cards column's coordinates, top to bottom (a binder thread's cards sit
    // in a column of their own).
    function cardsIn(item, found) {
        for (let i = 0; i < item.children.length; ++i) {
            const c = item.children[i]
            if (!c.visible)
                continue
            if (c.isCard === true)
                found.push(c)
            else
                cardsIn(c, found)
        }
        return found
    }
    // The fields a lesson frames (ValueText, LifePill and the binder rows mark themselves
    // `emphasized`), found in the cards, in the cards column's coordinates, with the top of
    // each one's card: its name says which object the field belongs to.
    function framedFields(item, found, card) {
        for (let i = 0; i < item.children.length; ++i) {
            const c = item.children[i]
            if (!c.visible)
                continue
            if (c.emphasized === true) {
                const r = c.mapToItem(cards, 0, 0, c.width, c.height)
                const top = card ? card.mapToItem(cards, 0, 0).y : r.y
                found.push({ x: r.x, y: r.y, width: r.width, height: r.height, bottom: r.y + r.height, cardTop: top })
            } else {
                framedFields(c, found, c.isCard === true ? c : card)
            }
        }
        return found
    }
    // Scrolls so that as many framed fields as fit are on screen, each with its card's name:
    // the card's own header, or the pinned one (stickyHeader) when the card began above the
    // view. From the first field on; a window that shows more of them wins.
    function revealHighlighted() {
        const fields = framedFields(cards, [], null).sort((a, b) => a.y - b.y)
        if (fields.length === 0)
            return
        const flick = scroll.contentItem
        const offset = cards.mapToItem(flick.contentItem, 0, 0).y
        const view = flick.height - 2 * Theme.spacing
        const pinned = sticky.implicitHeight
        // How many fields the window starting at `top` shows whole, with their names.
        function shown(top) {
            let n = 0
            for (const f of fields)
                if (f.bottom <= top + view && (f.cardTop >= top ? f.y >= top : f.y >= top + pinned))
                    ++n
            return n
        }
        // Windows that begin at a field's card (its own header in view), at the field itself
        // (under the pinned name), or end at a field; on a tie the earlier one, a card's own
        // header first.
        let best = -1
        let bestTop = 0
        for (const f of fields) {
            for (const top of [f.cardTop, f.y - pinned, f.bottom - view]) {
                const n = shown(top)
                if (n > best) {
                    best = n
                    bestTop = top
                }
            }
        }
        // Leave the view where it is when it already shows as many.
        const current = flick.contentY - offset + Theme.spacing
        if (shown(current) >= best)
            return
        flick.contentY = Math.max(0, Math.min(offset + bestTop - Theme.spacing, flick.contentHeight - flick.height))
    }

    // The card whose own header has scrolled above the view while the rest of it is still in
    // view: its name is pinned at the top of the view (a section header, as lists have).
    property Item cutCard: null
    function updateSticky() {
        const flick = scroll.contentItem
        const viewTop = flick.contentY
        let cut = null
        for (const c of cardsIn(cards, [])) {
            const top = c.mapToItem(flick.contentItem, 0, 0).y
            if (top < viewTop - 0.5 && top + c.height > viewTop + sticky.implicitHeight) {
                cut = c
                break
            }
        }
        cutCard = cut
    }
    Connections {
        target: scroll.contentItem
        function onContentYChanged() { root.updateSticky() }
        function onContentHeightChanged() { root.updateSticky() }
        function onHeightChanged() {
            root.updateSticky()
            revealTimer.restart()
        }
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
                // Under the kernel's memory model, the weak locations come first: which store
                // each thread may read is what such a run is about.
                Label {
                    visible: root.session.weakMemory
                    width: parent.width
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textMuted
                    text: qsTr("Weak memory (the kernel's memory model): the fields below keep every store, and a load may read an older one until something orders it. Every other field is sequentially consistent.")
                }
                Repeater {
                    model: root.session.weak
                    delegate: WeakStrip {
                        width: parent ? parent.width : 0
                        session: root.session
                        onExplainRequested: root.explainRequested()
                    }
                }
                Label {
                    visible: root.session.weakMemory && root.session.weak.untouched.length > 0
                    width: parent.width
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textMuted
                    text: qsTr("Also weak, not stored to yet: %1").arg(root.session.weak.untouched.join(", "))
                }
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

    // The pinned name of the card cut at the top of the view (see updateSticky). Drawn over
    // the cards on purpose, as the header it stands for would be.
    Rectangle {
        id: sticky
        objectName: "stickyCardHeader"
        readonly property Item card: root.cutCard
        visible: card !== null
        // The cards fill the scroll view's width, from its left edge.
        x: card ? card.border.width : 0
        y: 0
        width: card ? scroll.availableWidth - 2 * card.border.width : 0
        implicitHeight: stickyTitle.implicitHeight + 2 * Theme.spacingSmall + Theme.hairline
        height: implicitHeight
        color: Theme.surface
        Rectangle {
            anchors.bottom: parent.bottom
            width: parent.width
            height: Theme.hairline
            color: Theme.frame
        }
        Label {
            id: stickyTitle
            objectName: "stickyCardTitle"
            x: Theme.padding - (sticky.card ? sticky.card.border.width : 0)
            y: Theme.spacingSmall
            width: Math.min(implicitWidth, sticky.width - 2 * x)
            text: sticky.card ? sticky.card.cardTitle : ""
            textFormat: Text.PlainText
            elide: Text.ElideRight
            font.pixelSize: Theme.fontLarge
            font.bold: true
        }
        Label {
            x: stickyTitle.x + stickyTitle.width + Theme.spacing
            width: Math.max(0, sticky.width - x - Theme.padding)
            anchors.baseline: stickyTitle.baseline
            visible: width >= Math.min(implicitWidth, Theme.fontSmall * 4)
            text: sticky.card ? sticky.card.cardType : ""
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
    }
}
