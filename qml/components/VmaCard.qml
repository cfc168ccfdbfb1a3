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

    // The field names in a column and their values beside them; a card too narrow for a name
    // and a short value side by side puts each value under its name, indented.
    component FieldName: Label {
        color: Theme.textMuted
        font.family: Theme.monoFamily
    }
    // Side by side while there is room for a short value or a few words of a long one; each
    // group of fields decides for itself.
    function stacks(nameWidth, valueWidth) {
        return nameWidth + Theme.spacing + Math.min(valueWidth, Theme.fontBase * 6) > width - 2 * Theme.padding
    }
    readonly property bool stackOwner: stacks(ownerName.implicitWidth, ownerValue.implicitWidth)
    readonly property bool stackLock: stacks(Math.max(vmLockName.implicitWidth, waitListName.implicitWidth),
                                             Math.max(vmLockValue.implicitWidth, waitListValue.implicitWidth))
    readonly property bool stackSeq: stacks(vmSeqName.implicitWidth, Math.max(vmSeqValue.implicitWidth, mmSeqValue.implicitWidth))

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

        CardHeader {
            Layout.fillWidth: true
            title: root.name
            typeName: "vm_area_struct"
            LifePill {
                life: root.life
                changedNow: root.touched(["slab"])
            }
        }
        GridLayout {
            Layout.fillWidth: true
            columns: root.stackOwner ? 1 : 2
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacingSmall
            Label { id: ownerName; text: qsTr("owner (vm_mm)"); color: Theme.textMuted }
            ValueText {
                id: ownerValue
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                Layout.leftMargin: root.stackOwner ? Theme.spacingLarge : 0
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

        // The rw_semaphore era: a semaphore and a detached flag instead of the word; vm_lock's
        // wait_list in the order rwsem_mark_wake() serves it.
        GridLayout {
            visible: root.rwsemEra
            Layout.fillWidth: true
            columns: root.stackLock ? 1 : 2
            columnSpacing: Theme.spacing
            rowSpacing: Theme.spacingSmall
            FieldName { id: vmLockName; text: "vm_lock" }
            ValueText {
                id: vmLockValue
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                Layout.leftMargin: root.stackLock ? Theme.spacingLarge : 0
                text: root.vmLockText
                strong: true
                pixelSize: Theme.fontLarge
                changedNow: root.touched(["vm_lock"])
                emphasized: root.emphasized(["vm_lock"])
            }
            FieldName { id: waitListName; text: "wait_list" }
            ValueText {
                id: waitListValue
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                Layout.leftMargin: root.stackLock ? Theme.spacingLarge : 0
                text: root.vmLockWaiters.length > 0 ? root.vmLockWaiters.join(" → ") : qsTr("empty")
                strong: root.vmLockWaiters.length > 0
                changedNow: root.touched(["vm_lock.wait_list"])
                emphasized: root.emphasized(["vm_lock.wait_list"])
            }
            FieldName { text: "detached" }
            ValueText {
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                Layout.leftMargin: root.stackLock ? Theme.spacingLarge : 0
                text: root.detached ? qsTr("yes") : qsTr("no")
                strong: root.detached
                changedNow: root.touched(["detached"])
                emphasized: root.emphasized(["detached"])
            }
        }

        // Write-locked: vm_lock_seq caught up with the mm's mm_lock_seq. The two side by side
        // with "equal" or "differ" beside them; in a narrow card the word goes under them, and
        // in a narrower one each value under its name.
        GridLayout {
            Layout.fillWidth: true
            columnSpacing: Theme.spacing
            rowSpacing: root.stackSeq ? Theme.spacingSmall : 0
            readonly property bool wordBeside: !root.stackSeq
                                               && vmSeqName.implicitWidth + Math.max(vmSeqValue.implicitWidth, mmSeqValue.implicitWidth)
                                               + seqWord.implicitWidth + 2 * Theme.spacing <= width
            FieldName {
                id: vmSeqName
                Layout.row: 0
                Layout.column: 0
                text: "vm_lock_seq"
            }
            ValueText {
                id: vmSeqValue
                Layout.row: root.stackSeq ? 1 : 0
                Layout.column: root.stackSeq ? 0 : 1
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                Layout.leftMargin: root.stackSeq ? Theme.spacingLarge : 0
                text: root.vmLockSeq
                mono: true
                strong: true
                changedNow: root.touched(["vm_lock_seq"])
                emphasized: root.emphasized(["vm_lock_seq"])
            }
            FieldName {
                Layout.row: root.stackSeq ? 2 : 1
                Layout.column: 0
                text: "mm_lock_seq"
            }
            ValueText {
                id: mmSeqValue
                Layout.row: root.stackSeq ? 3 : 1
                Layout.column: root.stackSeq ? 0 : 1
                Layout.fillWidth: true
                Layout.maximumWidth: implicitWidth
                Layout.leftMargin: root.stackSeq ? Theme.spacingLarge : 0
                text: root.mmLockSeq !== "" ? root.mmLockSeq : "\u2014"
                mono: true
                strong: true
            }
            Label {
                id: seqWord
                Layout.row: parent.wordBeside ? 0 : root.stackSeq ? 4 : 2
                Layout.column: parent.wordBeside ? 2 : 0
                Layout.rowSpan: parent.wordBeside ? 2 : 1
                Layout.columnSpan: parent.wordBeside || root.stackSeq ? 1 : 2
                Layout.fillWidth: true
                text: root.writeLocked ? qsTr("equal") : qsTr("differ")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
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
