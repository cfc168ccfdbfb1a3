import QtQuick
import QtQuick.Controls
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
    // What SharedStatePanel reads to name this card when its own header has scrolled away.
    readonly property bool isCard: true
    readonly property string cardTitle: root.name
    readonly property string cardType: "vm_area_struct"

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

    // Side by side while there is room for a short value or a few words of a long one; each
    // group of fields decides for itself, and its values line up.
    function stacks(nameWidth, valueWidth) {
        return nameWidth + Theme.spacing + Math.min(valueWidth, Theme.fontBase * 6) > width - 2 * Theme.padding
    }
    readonly property bool stackOwner: stacks(ownerField.nameWidth, ownerValue.implicitWidth)
    readonly property real lockNames: Math.max(vmLockField.implicitNameWidth, waitListField.implicitNameWidth,
                                               detachedField.implicitNameWidth)
    readonly property bool stackLock: stacks(lockNames, Math.max(vmLockValue.implicitWidth, waitListValue.implicitWidth))
    readonly property real seqNames: Math.max(vmSeqField.implicitNameWidth, mmSeqField.implicitNameWidth)
    readonly property real seqValues: Math.max(vmSeqValue.implicitWidth, mmSeqValue.implicitWidth)
    readonly property bool stackSeq: stacks(seqNames, seqValues)

    implicitWidth: body.implicitWidth + 2 * Theme.padding
    implicitHeight: body.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.surface
    border.color: writerBit ? Theme.writerBitOn : Theme.frame
    border.width: writerBit ? Theme.underline : Theme.border
    Behavior on border.color { ColorAnimation { duration: Theme.durationState } }

    // A positioner, not a layout: the fields' heights follow the card's width (a value goes
    // under its name when narrow), which nested layouts took several polishes to reach.
    Column {
        id: body
        x: Theme.padding
        y: Theme.padding
        width: parent.width - 2 * Theme.padding
        spacing: Theme.spacingSmall

        CardHeader {
            width: parent.width
            title: root.name
            typeName: "vm_area_struct"
            LifePill {
                life: root.life
                changedNow: root.touched(["slab"])
                emphasized: root.emphasized(["slab"])
            }
        }
        FieldRow {
            id: ownerField
            width: parent.width
            name: qsTr("owner (vm_mm)")
            monoName: false
            stacked: root.stackOwner
            ValueText {
                id: ownerValue
                width: Math.min(implicitWidth, ownerField.valueRoom)
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
            width: parent.width
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
            width: parent.width
            bits: root.bits
            writerBitIndex: root.writerBitIndex
        }
        ValueText {
            visible: !root.rwsemEra
            width: parent.width
            text: root.decomposition
            pixelSize: Theme.fontSmall
            changedNow: root.touched(["attached", "reader refs", "writer ref", "excluding readers"])
            emphasized: root.emphasized(["attached", "reader refs", "writer ref", "excluding readers"])
        }
        Label {
            visible: !root.rwsemEra
            width: parent.width
            text: qsTr("inside: %1").arg(root.readersInside.length > 0 ? root.readersInside.join(", ") : qsTr("nobody"))
                  + (root.excluding !== "" ? "   " + qsTr("excluding readers: %1").arg(root.excluding) : "")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }

        // The rw_semaphore era: a semaphore and a detached flag instead of the word; vm_lock's
        // wait_list in the order rwsem_mark_wake() serves it.
        FieldRow {
            id: vmLockField
            visible: root.rwsemEra
            width: parent.width
            name: "vm_lock"
            nameWidth: root.lockNames
            stacked: root.stackLock
            ValueText {
                id: vmLockValue
                width: Math.min(implicitWidth, vmLockField.valueRoom)
                text: root.vmLockText
                strong: true
                pixelSize: Theme.fontLarge
                changedNow: root.touched(["vm_lock"])
                emphasized: root.emphasized(["vm_lock"])
            }
        }
        FieldRow {
            id: waitListField
            visible: root.rwsemEra
            width: parent.width
            name: "wait_list"
            nameWidth: root.lockNames
            stacked: root.stackLock
            ValueText {
                id: waitListValue
                width: Math.min(implicitWidth, waitListField.valueRoom)
                text: root.vmLockWaiters.length > 0 ? root.vmLockWaiters.join(" → ") : qsTr("empty")
                strong: root.vmLockWaiters.length > 0
                changedNow: root.touched(["vm_lock.wait_list"])
                emphasized: root.emphasized(["vm_lock.wait_list"])
            }
        }
        FieldRow {
            id: detachedField
            visible: root.rwsemEra
            width: parent.width
            name: "detached"
            nameWidth: root.lockNames
            stacked: root.stackLock
            ValueText {
                width: Math.min(implicitWidth, detachedField.valueRoom)
                text: root.detached ? qsTr("yes") : qsTr("no")
                strong: root.detached
                changedNow: root.touched(["detached"])
                emphasized: root.emphasized(["detached"])
            }
        }

        // Write-locked: vm_lock_seq caught up with the mm's mm_lock_seq. The two one above the
        // other with "equal" or "differ" beside them; in a narrow card the word goes under
        // them, and in a narrower one each value under its name.
        Item {
            id: seqBlock
            width: parent.width
            readonly property bool wordBeside: !root.stackSeq
                                               && root.seqNames + root.seqValues + seqWord.implicitWidth + 2 * Theme.spacing <= width
            implicitHeight: mmSeqField.y + mmSeqField.height + (wordBeside ? 0 : Theme.spacingSmall + seqWord.height)
            FieldRow {
                id: vmSeqField
                width: parent.width
                name: "vm_lock_seq"
                nameWidth: root.seqNames
                stacked: root.stackSeq
                ValueText {
                    id: vmSeqValue
                    width: Math.min(implicitWidth, vmSeqField.valueRoom)
                    text: root.vmLockSeq
                    mono: true
                    strong: true
                    changedNow: root.touched(["vm_lock_seq"])
                    emphasized: root.emphasized(["vm_lock_seq"])
                }
            }
            FieldRow {
                id: mmSeqField
                y: vmSeqField.height + (root.stackSeq ? Theme.spacingSmall : 0)
                width: parent.width
                name: "mm_lock_seq"
                nameWidth: root.seqNames
                stacked: root.stackSeq
                ValueText {
                    id: mmSeqValue
                    width: Math.min(implicitWidth, mmSeqField.valueRoom)
                    text: root.mmLockSeq !== "" ? root.mmLockSeq : "\u2014"
                    mono: true
                    strong: true
                }
            }
            Label {
                id: seqWord
                x: seqBlock.wordBeside ? root.seqNames + root.seqValues + 2 * Theme.spacing : 0
                y: seqBlock.wordBeside ? (mmSeqField.y + mmSeqField.height - height) / 2
                                       : mmSeqField.y + mmSeqField.height + Theme.spacingSmall
                text: root.writeLocked ? qsTr("equal") : qsTr("differ")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
        Pill {
            width: Math.min(implicitWidth, parent.width)
            text: root.writeLocked ? qsTr("write-locked") : qsTr("not write-locked")
            glyph: root.writeLocked ? "\u270E" : "\u25CB"
            tone: root.writeLocked ? Theme.writerBitOn : Theme.frame
            strong: root.writeLocked
            ToolTip.visible: Theme.tipsOnHover && lockHover.hovered
            ToolTip.text: qsTr("The vma is write-locked while vm_lock_seq equals its mm's mm_lock_seq")
            ToolTip.delay: Theme.toolTipDelay
            HoverHandler { id: lockHover }
        }
    }
}
