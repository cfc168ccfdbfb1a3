import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// One vm_area_struct: its vm_refcnt word (or, in the rw_semaphore era, its vm_lock and detached
// flag), vm_lock_seq against the owner mm's mm_lock_seq, and its life in the slab.
// Used as a delegate of session.vmas: the required properties are the model's roles.
Rectangle {
    id: root

    required property string name
    required property string life
    required property string owner
    required property string refcntText
    required property var bits
    required property int writerBitIndex
    required property bool writerBit
    required property bool saturated
    required property var readersInside
    required property string excluding
    required property string decomposition
    required property string vmLockSeq
    required property string mmLockSeq
    required property bool writeLocked
    required property bool rwsemEra
    required property string vmLockText
    required property var vmLockWaiters
    required property bool detached
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

    // Did the last step change one of these fields (exact names, or a sub-field "name.x")?
    function touched(names) {
        for (const f of changed)
            for (const n of names)
                if (f === n || f.startsWith(n + "."))
                    return true
        return false
    }

    implicitWidth: body.implicitWidth + 2 * Theme.padding
    implicitHeight: body.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.surface
    border.color: writerBit ? Theme.writerBitOn : Theme.frame
    border.width: writerBit ? Theme.underline : Theme.border
    Behavior on border.color { ColorAnimation { duration: Theme.durationState } }

    ColumnLayout {
        id: body
        anchors.fill: parent
        anchors.margins: Theme.padding
        spacing: Theme.spacingSmall

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                text: root.name
                font.pixelSize: Theme.fontLarge
                font.bold: true
            }
            Label {
                text: "vm_area_struct"
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
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label { text: qsTr("owner (vm_mm)"); color: Theme.textMuted }
            ValueText {
                text: root.owner !== "" ? root.owner : "NULL"
                mono: true
                changedNow: root.touched(["vm_mm"])
                emphasized: root.emphasized(["vm_mm"])
            }
        }

        // The refcount era: the word, bit by bit, and what it is made of.
        // A Flow: in a narrow panel the pills go under the count rather than out of the card.
        Flow {
            visible: !root.rwsemEra
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label { text: "vm_refcnt"; color: Theme.textMuted; font.family: Theme.monoFamily; height: refcnt.height; verticalAlignment: Text.AlignVCenter }
            ValueText {
                id: refcnt
                objectName: "refcntText_" + root.name
                // REFCOUNT_SATURATED (-8) in a narrow pane wraps rather than running out.
                width: Math.min(implicitWidth, parent.width)
                text: root.refcntText
                mono: false
                strong: true
                pixelSize: Theme.fontTitle
                changedNow: root.touched(["vm_refcnt"])
                emphasized: root.emphasized(["vm_refcnt"])
            }
            Pill {
                visible: root.saturated
                text: qsTr("saturated")
                glyph: "\u26A0"
                tone: Theme.danger
            }
            Pill {
                visible: root.writerBit
                text: qsTr("writer bit set")
                glyph: "\u270E"
                tone: Theme.writerBitOn
                strong: true
            }
        }
        RefcountWord {
            visible: !root.rwsemEra
            Layout.fillWidth: true
            bits: root.bits
            writerBitIndex: root.writerBitIndex
        }
        ValueText {
            visible: !root.rwsemEra
            Layout.fillWidth: true
            text: root.decomposition
            pixelSize: Theme.fontSmall
            changedNow: root.touched(["attached", "reader refs", "writer ref", "excluding readers"])
            emphasized: root.emphasized(["attached", "reader refs", "writer ref", "excluding readers"])
        }
        Label {
            visible: !root.rwsemEra
            Layout.fillWidth: true
            text: qsTr("inside: %1").arg(root.readersInside.length > 0 ? root.readersInside.join(", ") : qsTr("nobody"))
                  + (root.excluding !== "" ? "   " + qsTr("excluding readers: %1").arg(root.excluding) : "")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }

        // The rw_semaphore era: a semaphore and a detached flag instead of the word.
        RowLayout {
            visible: root.rwsemEra
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label { text: "vm_lock"; color: Theme.textMuted; font.family: Theme.monoFamily }
            ValueText {
                text: root.vmLockText
                strong: true
                pixelSize: Theme.fontLarge
                changedNow: root.touched(["vm_lock"])
                emphasized: root.emphasized(["vm_lock"])
            }
        }
        // vm_lock.wait_list in the order rwsem_mark_wake() serves it.
        RowLayout {
            visible: root.rwsemEra
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label { text: "wait_list"; color: Theme.textMuted; font.family: Theme.monoFamily }
            ValueText {
                text: root.vmLockWaiters.length > 0 ? root.vmLockWaiters.join(" → ") : qsTr("empty")
                strong: root.vmLockWaiters.length > 0
                changedNow: root.touched(["vm_lock.wait_list"])
                emphasized: root.emphasized(["vm_lock.wait_list"])
            }
        }
        RowLayout {
            visible: root.rwsemEra
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label { text: "detached"; color: Theme.textMuted; font.family: Theme.monoFamily }
            ValueText {
                text: root.detached ? qsTr("yes") : qsTr("no")
                strong: root.detached
                changedNow: root.touched(["detached"])
                emphasized: root.emphasized(["detached"])
            }
        }

        // Write-locked: vm_lock_seq caught up with the mm's mm_lock_seq. Two lines, so a narrow
        // panel never pushes the card wider than itself.
        GridLayout {
            Layout.fillWidth: true
            columns: 3
            columnSpacing: Theme.spacing
            rowSpacing: 0
            Label { text: "vm_lock_seq"; color: Theme.textMuted; font.family: Theme.monoFamily }
            ValueText {
                text: root.vmLockSeq
                mono: true
                strong: true
                changedNow: root.touched(["vm_lock_seq"])
                emphasized: root.emphasized(["vm_lock_seq"])
            }
            Label {
                Layout.rowSpan: 2
                Layout.fillWidth: true
                text: root.writeLocked ? qsTr("equal") : qsTr("differ")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            Label { text: "mm_lock_seq"; color: Theme.textMuted; font.family: Theme.monoFamily }
            ValueText {
                text: root.mmLockSeq !== "" ? root.mmLockSeq : "\u2014"
                mono: true
                strong: true
            }
        }
        Pill {
            text: root.writeLocked ? qsTr("write-locked") : qsTr("not write-locked")
            glyph: root.writeLocked ? "\u270E" : "\u25CB"
            tone: root.writeLocked ? Theme.writerBitOn : Theme.frame
            strong: root.writeLocked
            ToolTip.visible: lockHover.hovered
            ToolTip.text: qsTr("The vma is write-locked while vm_lock_seq equals its mm's mm_lock_seq")
            ToolTip.delay: Theme.toolTipDelay
            HoverHandler { id: lockHover }
        }
    }
}
