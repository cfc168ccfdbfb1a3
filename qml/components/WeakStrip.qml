import QtQuick
import QtQuick.Controls
import Lockstep

// One weak location (under the kernel's memory model): every store made to it so far, oldest
// first in coherence order, with who stored it, at which step and how; a release store's badge
// says what it carries to whoever acquires it. Under each store: the threads whose view of the
// location starts there (▲), the global board smp_mb syncs with, and for every thread whose next
// operation accesses the location, which stores it may read (a button each: click to take it,
// Enter takes the newest) and which it can no longer read (greyed, with the reason in words and
// the cycle that forbids it in the execution graph).
// Used as a delegate of session.weak: the required properties are the model's roles.
Rectangle {
    id: root

    required property string name
    required property int cell
    required property var stores
    required property var pending
    required property int global
    required property bool changed
    property Session session
    // The execution graph was asked for, to show why a greyed store is out of reach.
    signal explainRequested()

    readonly property bool isCard: true
    readonly property string cardTitle: root.name
    readonly property string cardType: qsTr("weak location")

    // The first thread reading here decides which stores are drawn out of reach.
    readonly property var reader: {
        for (const p of root.pending)
            if (p.kind === "r")
                return p
        return null
    }
    function outOfReach(position) {
        return root.reader !== null && root.reader.options[position] === -1
    }
    readonly property bool anyOutOfReach: {
        if (root.reader === null)
            return false
        for (let i = 0; i < root.stores.length; ++i)
            if (root.outOfReach(i))
                return true
        return false
    }

    implicitHeight: body.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.surface
    border.color: root.pending.length > 0 ? Theme.accent : Theme.frame
    border.width: root.pending.length > 0 ? Theme.borderStrong : Theme.border

    Column {
        id: body
        x: Theme.padding
        y: Theme.padding
        width: parent.width - 2 * Theme.padding
        spacing: Theme.spacingSmall

        CardHeader {
            width: parent.width
            title: root.name
            typeName: qsTr("weak (LKMM)")
            Pill {
                visible: root.changed
                text: qsTr("changed")
                glyph: "\u2022"
            }
        }

        // What the next step may do here, in words.
        Repeater {
            model: root.pending
            delegate: Label {
                required property var modelData
                width: body.width
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSmall
                text: modelData.kind === "w"
                      ? (modelData.count > 1
                         ? qsTr("%1's next %2 may land in %3 places in the order of stores: pick one below (Enter: at the end).")
                           .arg(modelData.thread).arg(modelData.op).arg(modelData.count)
                         : qsTr("%1's next %2 lands at the end.").arg(modelData.thread).arg(modelData.op))
                      : (modelData.count > 1
                         ? qsTr("%1's next %2 may read any of %3 stores: click one (Enter takes the newest).")
                           .arg(modelData.thread).arg(modelData.op).arg(modelData.count)
                         : qsTr("%1's next %2 can read only the newest store.").arg(modelData.thread).arg(modelData.op))
            }
        }

        Flow {
            id: strip
            objectName: "storeStrip"
            width: parent.width
            spacing: Theme.spacing

            Repeater {
                model: root.stores
                delegate: Column {
                    id: storeColumn
                    required property var modelData
                    required property int index
                    readonly property bool greyed: root.outOfReach(index)
                    spacing: Theme.spacingTiny
                    // Never wider than the card: at a large zoom in a narrow pane the words elide.
                    width: Math.min(strip.width, Math.max(chip.implicitWidth, marks.implicitWidth,
                                                          buttonWidth.advanceWidth + 2 * Theme.spacingLarge))
                    // Room for the widest "P1 reads ⏎" under it.
                    TextMetrics {
                        id: buttonWidth
                        font.pixelSize: Theme.fontSmall
                        text: {
                            let longest = ""
                            for (const p of root.pending)
                                if (p.thread.length > longest.length)
                                    longest = p.thread
                            return longest !== "" ? qsTr("%1 reads \u23CE").arg(longest) : ""
                        }
                    }

                    Rectangle {
                        id: chip
                        objectName: "store"
                        width: parent.width
                        implicitWidth: chipText.implicitWidth + 2 * Theme.spacing
                        implicitHeight: chipText.implicitHeight + 2 * Theme.spacingSmall
                        height: implicitHeight
                        radius: Theme.radiusSmall
                        color: storeColumn.greyed ? Theme.surfaceAlt : Theme.codeBackground
                        border.color: storeColumn.greyed ? Theme.textDisabled
                                      : storeColumn.modelData.release ? Theme.relationCarried : Theme.frame
                        border.width: storeColumn.modelData.release ? Theme.borderStrong : Theme.border
                        opacity: storeColumn.greyed ? Theme.outOfReachOpacity : 1
                        Behavior on opacity { NumberAnimation { duration: Theme.durationState } }

                        Column {
                            id: chipText
                            x: Theme.spacing
                            y: Theme.spacingSmall
                            width: chip.width - 2 * Theme.spacing
                            spacing: 0
                            Label {
                                text: storeColumn.modelData.value
                                font.family: Theme.monoFamily
                                font.pixelSize: Theme.fontBase
                                font.bold: true
                                font.strikeout: storeColumn.greyed
                            }
                            Label {
                                text: storeColumn.modelData.writer !== ""
                                      ? qsTr("%1 · step %2").arg(storeColumn.modelData.writer).arg(storeColumn.modelData.step)
                                      : qsTr("initial")
                                font.pixelSize: Theme.fontSmall
                                color: Theme.textMuted
                            }
                            Label {
                                visible: storeColumn.modelData.op !== ""
                                text: storeColumn.modelData.op
                                font.family: Theme.monoFamily
                                font.pixelSize: Theme.fontTag
                                color: Theme.textMuted
                            }
                            // The release badge: what an acquire of this store takes in.
                            Repeater {
                                model: storeColumn.modelData.carries
                                delegate: Label {
                                    required property var modelData
                                    text: "\u21D2 " + modelData.field + " = " + modelData.value
                                    font.pixelSize: Theme.fontTag
                                    color: Theme.relationCarried
                                }
                            }
                            Label {
                                visible: storeColumn.modelData.reserved
                                text: qsTr("read by an RMW")
                                font.pixelSize: Theme.fontTag
                                color: Theme.textMuted
                            }
                        }
                        ToolTip.visible: Theme.tipsOnHover && chipHover.hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.text: (storeColumn.modelData.carries.length > 0
                                       ? qsTr("Whoever reads this store with acquire (or reads it and then passes smp_rmb or smp_mb) can no longer read anything older than what it carries.")
                                       : qsTr("This store carries nothing to its readers: reading it orders nothing after it."))
                                      + (storeColumn.greyed ? "\n" + qsTr("Out of reach for %1: %2.").arg(root.reader.thread).arg(root.reader.reason) : "")
                        HoverHandler { id: chipHover }
                    }

                    // Whose view starts here, and the global board of smp_mb.
                    Column {
                        id: marks
                        spacing: 0
                        Label {
                            objectName: "viewMark"
                            visible: storeColumn.modelData.viewOf.length > 0
                            text: "\u25B2 " + storeColumn.modelData.viewOf.join(" ")
                            font.pixelSize: Theme.fontSmall
                            font.bold: true
                            color: Theme.accent
                        }
                        Label {
                            visible: root.global === storeColumn.index && storeColumn.index > 0
                            text: "\u25B2 " + qsTr("smp_mb board")
                            font.pixelSize: Theme.fontTag
                            color: Theme.textMuted
                        }
                    }

                    // A view this step pulled forward (acquire, smp_rmb, smp_mb, a lock): said
                    // once, with a flash, so the jump is seen and not just its result. It wraps
                    // within the column rather than widening it for one step.
                    Label {
                        id: pulled
                        objectName: "pulledIn_" + root.name + "_" + storeColumn.index
                        visible: storeColumn.modelData.pulledIn.length > 0
                        width: storeColumn.width
                        wrapMode: Text.Wrap
                        text: "\u21D0 " + qsTr("pulled in: %1").arg(storeColumn.modelData.pulledIn.join(", "))
                        font.pixelSize: Theme.fontTag
                        font.bold: true
                        color: Theme.relationCarried
                        onTextChanged: if (visible) flash.restart()
                        onVisibleChanged: if (visible) flash.restart()
                        SequentialAnimation {
                            id: flash
                            NumberAnimation { target: pulled; property: "opacity"; from: 0.2; to: 1; duration: Theme.durationState }
                            NumberAnimation { target: pulled; property: "scale"; from: 1.15; to: 1; duration: Theme.durationState }
                        }
                    }

                    // One control per thread reading here: take this store, or ask why not.
                    Repeater {
                        model: root.pending
                        delegate: Item {
                            id: choice
                            required property var modelData
                            readonly property int option: modelData.kind === "r" ? modelData.options[storeColumn.index] : -2
                            visible: modelData.kind === "r"
                            width: storeColumn.width
                            height: visible ? take.implicitHeight : 0
                            TipButton {
                                id: take
                                objectName: "takeStore_" + root.name + "_" + storeColumn.index
                                visible: choice.option >= 0
                                width: parent.width
                                text: choice.option === 0 ? qsTr("%1 reads \u23CE").arg(choice.modelData.thread)
                                                          : qsTr("%1 reads").arg(choice.modelData.thread)
                                font.pixelSize: Theme.fontSmall
                                highlighted: choice.option === 0
                                tip: choice.option === 0
                                     ? qsTr("%1 reads the newest store it may (Enter)").arg(choice.modelData.thread)
                                     : qsTr("%1 reads this older store: allowed, nothing it has seen rules it out").arg(choice.modelData.thread)
                                onClicked: root.session.stepOption(choice.modelData.threadIndex, choice.option)
                            }
                            TipButton {
                                objectName: "whyNot_" + root.name + "_" + storeColumn.index
                                visible: choice.option === -1
                                width: parent.width
                                flat: true
                                text: "\u2717 " + qsTr("why not?")
                                font.pixelSize: Theme.fontSmall
                                tip: qsTr("%1 cannot read this store: %2. Click to see the cycle it would close.")
                                     .arg(choice.modelData.thread).arg(choice.modelData.reason)
                                onClicked: {
                                    root.session.graph.explain(choice.modelData.threadIndex, root.cell, storeColumn.index)
                                    root.explainRequested()
                                }
                            }
                        }
                    }
                }
            }
        }

        // A store with more than one place to land: one button per place.
        Repeater {
            model: root.pending
            delegate: Flow {
                id: places
                required property var modelData
                visible: modelData.kind === "w" && modelData.count > 1
                width: body.width
                spacing: Theme.spacingSmall
                Repeater {
                    model: places.visible ? places.modelData.options : []
                    delegate: TipButton {
                        required property var modelData
                        required property int index
                        visible: modelData >= 0
                        font.pixelSize: Theme.fontSmall
                        highlighted: modelData === 0
                        text: index >= root.stores.length
                              ? qsTr("%1 stores at the end \u23CE").arg(places.modelData.thread)
                              : qsTr("%1 stores before step %2").arg(places.modelData.thread).arg(root.stores[index].step)
                        tip: qsTr("Where the store lands in the order of stores to %1").arg(root.name)
                        onClicked: root.session.stepOption(places.modelData.threadIndex, modelData)
                    }
                }
            }
        }

        // Why the greyed stores are out of reach.
        Label {
            objectName: "outOfReachReason"
            visible: root.anyOutOfReach
            width: body.width
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontSmall
            color: Theme.text
            text: root.reader !== null
                  ? qsTr("%1 can no longer read the greyed stores: %2.").arg(root.reader.thread)
                    .arg(root.reader.reason !== "" ? root.reader.reason : qsTr("its access depends on an earlier read"))
                  : ""
        }
    }
}
