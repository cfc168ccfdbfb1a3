import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
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
    // What the lesson points at ("vma.vm_refcnt", "mm.mmap_lock.owner", ...): the fields of
    // this object named there are framed.
    property var emphasis: []

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

    // The field names in a column and their values beside them; a card too narrow for a name
    // and a short value side by side puts each value under its name, indented.
    component FieldName: Label {
        color: Theme.textMuted
        font.family: Theme.monoFamily
    }
    // Side by side while there is room for a short value or a few words of a long one.
    readonly property bool stackFields: slotName.implicitWidth + Theme.spacing + Theme.fontBase * 6 > width - 2 * Theme.padding
    readonly property real valueIndent: stackFields ? Theme.spacingLarge : 0

    implicitWidth: body.implicitWidth + 2 * Theme.padding
    implicitHeight: body.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.frame
    border.width: Theme.border

    ColumnLayout {
        id: body
        anchors.fill: parent
        anchors.margins: Theme.padding
        spacing: Theme.spacingSmall

        CardHeader {
            Layout.fillWidth: true
            title: root.name
            typeName: "mm_struct"
            LifePill {
                life: root.life
                changedNow: root.touched(["slab"])
            }
        }

        GridLayout {
            id: grid
            Layout.fillWidth: true
            columns: root.stackFields ? 1 : 2
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacingSmall

            FieldName { text: "mmap_lock" }
            RowLayout {
                Layout.fillWidth: true
                Layout.leftMargin: root.valueIndent
                spacing: Theme.spacing
                Label {
                    // A shape for the mode as well as the words: ○ free, ◐ read, ● write.
                    text: root.mmapLockMode === "write" ? "\u25CF" : root.mmapLockMode === "read" ? "\u25D0" : "\u25CB"
                    font.pixelSize: Theme.fontGlyph
                }
                ValueText {
                    Layout.fillWidth: true
                    text: root.mmapLockText
                    strong: root.mmapLockMode !== "free"
                    changedNow: root.touched(["mmap_lock"])
                    emphasized: root.emphasized(["mmap_lock"])
                }
            }

            // mmap_lock.wait_list in the order the kernel serves it.
            FieldName { text: "wait_list" }
            ValueText {
                Layout.fillWidth: true
                Layout.leftMargin: root.valueIndent
                text: root.mmapLockWaiters.length > 0 ? root.mmapLockWaiters.join(" → ") : qsTr("empty")
                changedNow: root.touched(["mmap_lock.wait_list"])
            }

            // The maple tree, reduced to the range the threads fault on: which vma a walk finds.
            FieldName { text: "mm_mt" }
            ValueText {
                Layout.fillWidth: true
                Layout.leftMargin: root.valueIndent
                text: root.tree
                mono: true
                changedNow: root.touched(["mm_mt"])
                emphasized: root.emphasized(["mm_mt"])
            }

            FieldName { text: "mm_lock_seq" }
            Flow {
                Layout.fillWidth: true
                Layout.leftMargin: root.valueIndent
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
                    width: Math.min(implicitWidth, parent.width)
                    height: Math.max(implicitHeight, mmSeq.height)
                    verticalAlignment: Text.AlignVCenter
                    wrapMode: Text.Wrap
                    text: root.seqWriteLocked ? qsTr("(odd: write-held)") : qsTr("(even)")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
            }

            FieldName {
                id: slotName
                text: "vma_writer_wait"
                ToolTip.visible: slotHover.hovered
                ToolTip.text: qsTr("The rcuwait slot: the writer that sleeps until the readers leave")
                ToolTip.delay: Theme.toolTipDelay
                HoverHandler { id: slotHover }
            }
            ValueText {
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                Layout.leftMargin: root.valueIndent
                text: root.waitSlot !== "" ? "\u263E " + root.waitSlot : qsTr("empty")
                strong: root.waitSlot !== ""
                changedNow: root.touched(["vma_writer_wait"])
                emphasized: root.emphasized(["vma_writer_wait"])
            }

            FieldName { text: "mm_count" }
            ValueText {
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                Layout.leftMargin: root.valueIndent
                text: String(root.mmCount)
                mono: true
                changedNow: root.touched(["mm_count"])
                emphasized: root.emphasized(["mm_count"])
            }
        }
    }
}
