import QtQuick
import QtQuick.Controls
import Lockstep

// One mm_struct: the mmap_lock and who waits for it, mm_lock_seq, the vma_writer_wait rcuwait
// slot where a writer sleeps, and the mm's own life.
// Used as a delegate of session.mms: the required properties are the model's roles.
Rectangle {
    id: root

    required property string name
    required property string life
    required property string mmapLockMode
    required property string mmapLockText
    required property var mmapLockWaiters
    required property string tree
    required property string mmLockSeq
    required property bool seqWriteLocked
    required property string waitSlot
    required property int mmCount
    required property var changed
    required property var fields
    // What the lesson points at ("vma.vm_refcnt", "mm.mmap_lock.owner", ...): the fields of
    // this object named there are framed.
    property var emphasis: []
    // What SharedStatePanel reads to name this card when its own header has scrolled away.
    readonly property bool isCard: true
    readonly property string cardTitle: root.name
    readonly property string cardType: "mm_struct"

    function emphasized(names) {
        for (const e of emphasis)
            for (const n of names)
                if (e === root.name + "." + n || e.startsWith(root.name + "." + n + "."))
                    return true
        return false
    }

    function touched(names) {
        for (const f of changed)
            for (const n of names)
                if (f === n || f.startsWith(n + "."))
                    return true
        return false
    }

    // Names in a column with their values beside them; a card too narrow for a name and a
    // short value side by side puts each value under its name, indented.
    readonly property real names: Math.max(0, ...[lockField, waitField, treeField, seqField, slotField, countField]
                                           .filter(f => f.visible).map(f => f.implicitNameWidth))
    readonly property bool stackFields: names + Theme.spacing + Theme.fontBase * 6 > width - 2 * Theme.padding

    implicitWidth: body.implicitWidth + 2 * Theme.padding
    implicitHeight: body.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.frame
    border.width: Theme.border

    // A positioner, not a layout: the fields' heights follow the card's width.
    Column {
        id: body
        x: Theme.padding
        y: Theme.padding
        width: parent.width - 2 * Theme.padding
        spacing: Theme.spacingSmall

        CardHeader {
            width: parent.width
            title: root.name
            typeName: "mm_struct"
            LifePill {
                life: root.life
                changedNow: root.touched(["slab"])
                emphasized: root.emphasized(["slab"])
            }
        }

        FieldRow {
            id: lockField
            width: parent.width
            name: "mmap_lock"
            nameWidth: root.names
            stacked: root.stackFields
            Row {
                spacing: Theme.spacing
                Label {
                    id: lockGlyph
                    anchors.verticalCenter: parent.verticalCenter
                    // A shape for the mode as well as the words: ○ free, ◐ read, ● write.
                    text: root.mmapLockMode === "write" ? "\u25CF" : root.mmapLockMode === "read" ? "\u25D0" : "\u25CB"
                    font.pixelSize: Theme.fontGlyph
                }
                ValueText {
                    anchors.verticalCenter: parent.verticalCenter
                    width: Math.min(implicitWidth, lockField.valueRoom - lockGlyph.width - Theme.spacing)
                    text: root.mmapLockText
                    strong: root.mmapLockMode !== "free"
                    changedNow: root.touched(["mmap_lock"])
                    emphasized: root.emphasized(["mmap_lock"])
                }
            }
        }

        // mmap_lock.wait_list in the order the kernel serves it.
        FieldRow {
            id: waitField
            visible: root.fields.includes("mmap_lock")
            width: parent.width
            name: "wait_list"
            nameWidth: root.names
            stacked: root.stackFields
            ValueText {
                width: Math.min(implicitWidth, waitField.valueRoom)
                text: root.mmapLockWaiters.length > 0 ? root.mmapLockWaiters.join(" → ") : qsTr("empty")
                changedNow: root.touched(["mmap_lock.wait_list"])
            }
        }

        // The maple tree, reduced to the range the threads fault on: which vma a walk finds.
        FieldRow {
            id: treeField
            visible: root.fields.includes("mm_mt")
            width: parent.width
            name: "mm_mt"
            nameWidth: root.names
            stacked: root.stackFields
            ValueText {
                width: Math.min(implicitWidth, treeField.valueRoom)
                text: root.tree
                mono: true
                changedNow: root.touched(["mm_mt"])
                emphasized: root.emphasized(["mm_mt"])
            }
        }

        FieldRow {
            id: seqField
            visible: root.fields.includes("mm_lock_seq")
            width: parent.width
            name: "mm_lock_seq"
            nameWidth: root.names
            stacked: root.stackFields
            Flow {
                width: seqField.valueRoom
                spacing: Theme.spacing
                ValueText {
                    id: mmSeq
                    width: Math.min(implicitWidth, parent.width)
                    text: root.mmLockSeq
                    mono: true
                    strong: true
                    changedNow: root.touched(["mm_lock_seq"])
                    emphasized: root.emphasized(["mm_lock_seq"])
                }
                Label {
                    // Its one-line width measured apart: a wrapping label's own implicit width
                    // follows the width it is given.
                    width: Math.min(Math.ceil(parityWords.advanceWidth) + 1, parent.width)
                    TextMetrics {
                        id: parityWords
                        font.pixelSize: Theme.fontSmall
                        text: root.seqWriteLocked ? qsTr("(odd: write-held)") : qsTr("(even)")
                    }
                    height: Math.max(implicitHeight, mmSeq.height)
                    verticalAlignment: Text.AlignVCenter
                    wrapMode: Text.Wrap
                    text: root.seqWriteLocked ? qsTr("(odd: write-held)") : qsTr("(even)")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
            }
        }

        FieldRow {
            id: slotField
            visible: root.fields.includes("vma_writer_wait")
            width: parent.width
            name: "vma_writer_wait"
            nameWidth: root.names
            stacked: root.stackFields
            tip: qsTr("The rcuwait slot: the writer that sleeps until the readers leave")
            ValueText {
                width: Math.min(implicitWidth, slotField.valueRoom)
                text: root.waitSlot !== "" ? "\u263E " + root.waitSlot : qsTr("empty")
                strong: root.waitSlot !== ""
                changedNow: root.touched(["vma_writer_wait"])
                emphasized: root.emphasized(["vma_writer_wait"])
            }
        }

        FieldRow {
            id: countField
            visible: root.fields.includes("mm_count")
            width: parent.width
            name: "mm_count"
            nameWidth: root.names
            stacked: root.stackFields
            ValueText {
                width: Math.min(implicitWidth, countField.valueRoom)
                text: String(root.mmCount)
                mono: true
                changedNow: root.touched(["mm_count"])
                emphasized: root.emphasized(["mm_count"])
            }
        }
    }
}
