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

    implicitWidth: grid.implicitWidth + 2 * Theme.padding
    implicitHeight: grid.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.frame
    border.width: Theme.border

    GridLayout {
        id: grid
        anchors.fill: parent
        anchors.margins: Theme.padding
        columns: 2
        columnSpacing: Theme.spacing
        rowSpacing: Theme.spacingSmall

        RowLayout {
            Layout.columnSpan: 2
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                text: root.name
                font.pixelSize: Theme.fontLarge
                font.bold: true
            }
            Label {
                text: "mm_struct"
                // Fills the header and gives way first in a narrow panel.
                Layout.fillWidth: true
                elide: Text.ElideRight
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            LifePill {
                life: root.life
                changedNow: root.touched(["slab"])
            }
        }

        Label { text: "mmap_lock"; color: Theme.textMuted; font.family: Theme.monoFamily }
        RowLayout {
            Layout.fillWidth: true
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
        Label { text: qsTr("wait_list"); color: Theme.textMuted }
        ValueText {
            Layout.fillWidth: true
            text: root.mmapLockWaiters.length > 0 ? root.mmapLockWaiters.join(" → ") : qsTr("empty")
            changedNow: root.touched(["mmap_lock.wait_list"])
        }

        // The maple tree, reduced to the range the threads fault on: which vma a walk finds.
        Label { text: "mm_mt"; color: Theme.textMuted; font.family: Theme.monoFamily }
        ValueText {
            Layout.fillWidth: true
            text: root.tree
            mono: true
            changedNow: root.touched(["mm_mt"])
            emphasized: root.emphasized(["mm_mt"])
        }

        Label { text: "mm_lock_seq"; color: Theme.textMuted; font.family: Theme.monoFamily }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            ValueText {
                text: root.mmLockSeq
                mono: true
                strong: true
                changedNow: root.touched(["mm_lock_seq"])
                emphasized: root.emphasized(["mm_lock_seq"])
            }
            Label {
                text: root.seqWriteLocked ? qsTr("(odd: write-held)") : qsTr("(even)")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }

        Label {
            text: "vma_writer_wait"
            color: Theme.textMuted
            font.family: Theme.monoFamily
            ToolTip.visible: slotHover.hovered
            ToolTip.text: qsTr("The rcuwait slot: the writer that sleeps until the readers leave")
            ToolTip.delay: Theme.toolTipDelay
            HoverHandler { id: slotHover }
        }
        ValueText {
            text: root.waitSlot !== "" ? "\u263E " + root.waitSlot : qsTr("empty")
            strong: root.waitSlot !== ""
            changedNow: root.touched(["vma_writer_wait"])
                emphasized: root.emphasized(["vma_writer_wait"])
        }

        Label { text: "mm_count"; color: Theme.textMuted; font.family: Theme.monoFamily }
        ValueText {
            text: String(root.mmCount)
            mono: true
            changedNow: root.touched(["mm_count"])
                emphasized: root.emphasized(["mm_count"])
        }
    }
}
