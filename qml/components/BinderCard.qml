import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// One card of binder's shared state (binder's globals, the OOM killer, a binder_proc, a thread's
// binder_thread or task_struct, an mm_struct). The model gives its lines ready to draw, since
// which fields exist depends on the variant; this card only lays them out: a value, a lock with
// its owner and FIFO waiters, a wait queue with the exclusive waiters marked, a flags word as
// named bits, and the checker's own bookkeeping apart at the bottom.
// Made by SharedStatePanel from a row of session.binder (a thread's row gives a card per struct).
Rectangle {
    id: root

    required property string name
    required property string kind
    required property string type
    required property var fields
    required property var ghosts
    required property bool inCycle
    required property var changed
    // What the lesson points at ("binder.binder_main_lock", "thread B1.looper", ...).
    property var emphasis: []
    // What SharedStatePanel reads to name this card when its own header has scrolled away.
    readonly property bool isCard: true
    readonly property string cardTitle: root.name
    readonly property string cardType: root.type

    function emphasized(key) {
        if (key === "")
            return false
        for (const e of emphasis)
            if (e === key || e.startsWith(key + ".") || key.startsWith(e + "."))
                return true
        return false
    }

    implicitWidth: body.implicitWidth + 2 * Theme.padding
    implicitHeight: body.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.surface
    border.color: inCycle ? Theme.danger : Theme.frame
    border.width: inCycle ? Theme.borderStrong : Theme.border
    Behavior on border.color { ColorAnimation { duration: Theme.durationState } }

    // A FIFO list of waiting threads, first to be served first, exclusive waiters marked.
    component Waiters: Flow {
        id: waiters
        required property var list
        spacing: Theme.spacingSmall
        visible: list.length > 0
        Repeater {
            model: waiters.list
            delegate: Rectangle {
                id: waiter
                required property var modelData
                required property int index
                implicitWidth: waiterText.implicitWidth + 2 * Theme.spacing
                implicitHeight: waiterText.implicitHeight + Theme.spacingTiny
                width: implicitWidth
                height: implicitHeight
                radius: Theme.radiusSmall
                color: Theme.tint(Theme.stateBlocked)
                border.color: Theme.stateBlocked
                border.width: modelData.exclusive ? Theme.underline : Theme.hairline
                Label {
                    id: waiterText
                    anchors.centerIn: parent
                    text: (waiter.index + 1) + ". " + waiter.modelData.name
                          + (waiter.modelData.exclusive ? "  \u21E5 " + qsTr("exclusive") : "")
                    font.pixelSize: Theme.fontSmall
                    font.bold: true
                }
                ToolTip.visible: Theme.tipsOnHover && waiterHover.hovered
                ToolTip.text: waiter.modelData.exclusive
                              ? qsTr("WQ_FLAG_EXCLUSIVE: a wake_up() wakes the first exclusive waiter and stops there")
                              : qsTr("Waiter %1 in line").arg(waiter.index + 1)
                ToolTip.delay: Theme.toolTipDelay
                HoverHandler { id: waiterHover }
            }
        }
    }

    // A positioner, not a layout: a line's height follows the card's width (a value goes under
    // its name when narrow), which made a ColumnLayout re-polish in a loop.
    Column {
        id: body
        x: Theme.padding
        y: Theme.padding
        width: parent.width - 2 * Theme.padding
        spacing: Theme.spacingSmall

        CardHeader {
            width: parent.width
            title: root.name
            typeName: root.type
            Pill {
                objectName: "cardInCycle_" + root.name
                visible: root.inCycle
                text: qsTr("on the cycle")
                glyph: "\u21BB"
                tone: Theme.danger
                strong: true
            }
        }

        Repeater {
            model: root.fields
            delegate: Item {
                id: line
                required property var modelData
                readonly property bool section: modelData.kind === "section"
                readonly property bool framed: root.emphasized(modelData.key)
                width: body.width
                // A section's sub-heading keeps a little room above it.
                height: column.implicitHeight + column.y

                Column {
                    id: column
                    y: line.section ? Theme.spacingSmall : 0
                    width: parent.width
                    spacing: Theme.spacingTiny

                    // A sub-heading: which kernel struct the next lines belong to.
                    Label {
                        visible: line.section
                        width: parent.width
                        text: line.modelData.label
                        font.family: Theme.monoFamily
                        font.pixelSize: Theme.fontSmall
                        font.bold: true
                        color: Theme.textMuted
                        Rectangle {
                            anchors.bottom: parent.bottom
                            width: parent.width
                            height: Theme.hairline
                            color: Theme.frame
                        }
                    }

                    // The value beside its name when there is room for a few words of it,
                    // else under the name, indented (binder's field names are long).
                    Item {
                        id: fieldRow
                        visible: !line.section
                        width: parent.width
                        // Beside its name the value has what the name leaves; under it, the
                        // whole line but the indent. Under it when that takes no more lines (the
                        // name's own line counted: words wrap worse in a narrow column than the
                        // count says), or when beside it little more than a word fits.
                        readonly property real glyphWidth: lockGlyph.visible ? lockGlyph.implicitWidth + Theme.spacing : 0
                        readonly property real besideRoom: width - fieldName.implicitWidth - Theme.spacing - glyphWidth
                        readonly property real underRoom: width - Theme.spacingLarge - glyphWidth
                        readonly property bool stacked: value.implicitWidth > besideRoom
                                                        && (besideRoom < Theme.fontBase * 4
                                                            || Math.ceil(value.implicitWidth / besideRoom)
                                                               >= 1 + Math.ceil(value.implicitWidth / Math.max(1, underRoom)))
                        height: stacked ? fieldName.height + Theme.spacingTiny + valueBox.height
                                        : Math.max(fieldName.height, valueBox.height)
                        Label {
                            id: fieldName
                            width: Math.min(implicitWidth, fieldRow.width)
                            y: fieldRow.stacked ? 0 : (fieldRow.height - height) / 2
                            text: line.modelData.label
                            elide: Text.ElideRight
                            color: Theme.textMuted
                            font.family: Theme.monoFamily
                            font.pixelSize: Theme.fontSmall
                            ToolTip.visible: Theme.tipsOnHover && line.modelData.tip !== "" && nameHover.hovered
                            ToolTip.text: line.modelData.tip
                            ToolTip.delay: Theme.toolTipDelay
                            HoverHandler { id: nameHover }
                        }
                        Row {
                            id: valueBox
                            x: fieldRow.stacked ? Theme.spacingLarge : fieldName.width + Theme.spacing
                            y: fieldRow.stacked ? fieldName.height + Theme.spacingTiny : (fieldRow.height - height) / 2
                            spacing: Theme.spacing
                            // A lock reads as a shape too: ● held, ○ free.
                            Label {
                                id: lockGlyph
                                visible: line.modelData.kind === "lock"
                                anchors.verticalCenter: parent.verticalCenter
                                text: line.modelData.strong ? "\u25CF" : "\u25CB"
                                color: line.modelData.tone === "danger" ? Theme.danger : Theme.text
                                font.pixelSize: Theme.fontGlyph
                            }
                            ValueText {
                                id: value
                                objectName: "binderValue_" + line.modelData.key
                                anchors.verticalCenter: parent.verticalCenter
                                width: Math.min(implicitWidth, fieldRow.width - valueBox.x
                                                - (lockGlyph.visible ? lockGlyph.width + Theme.spacing : 0))
                                text: line.modelData.value
                                mono: line.modelData.kind !== "lock" && line.modelData.kind !== "queue"
                                strong: line.modelData.strong
                                color: line.modelData.tone === "danger" ? Theme.danger : Theme.text
                                changedNow: line.modelData.changed
                                emphasized: line.framed
                            }
                        }
                    }
                    Waiters {
                        visible: !line.section && (line.modelData.kind === "lock") && list.length > 0
                        x: Theme.spacingLarge
                        width: parent.width - x
                        list: line.modelData.waiters
                    }
                    LooperBits {
                        visible: line.modelData.kind === "bits"
                        x: Theme.spacingLarge
                        width: parent.width - x
                        bits: line.modelData.bits
                    }
                }
            }
        }

        // The checker's own records, apart: they are not kernel memory.
        Label {
            visible: root.ghosts.length > 0
            width: parent.width
            topPadding: Theme.spacingSmall
            text: qsTr("checker's records (not kernel memory)") + ": "
                  + root.ghosts.map(g => g.label + " = " + g.value).join("; ")
            textFormat: Text.PlainText
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.italic: true
            wrapMode: Text.Wrap
        }
    }
}
