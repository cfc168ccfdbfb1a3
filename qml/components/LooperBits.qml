import QtQuick
import QtQuick.Controls
import Lockstep

// A flags word (binder_thread.looper) as its named bits, most significant first: each bit is a
// cell with its 0 or 1, drawn as RefcountWord draws vm_refcnt's bits, with the bit's name
// beside it so the word reads without a table. A bit that changes flashes; a bit the checker
// says was lost (set by one update, wiped by a plain read-modify-write) is marked in words.
Flow {
    id: root

    required property var bits  // [{index, name, on, lost, changed}], most significant first

    spacing: Theme.spacingSmall

    Repeater {
        model: root.bits
        delegate: Rectangle {
            id: chip
            required property var modelData
            readonly property bool on: modelData.on
            readonly property bool lost: modelData.lost

            objectName: "looperBit_" + modelData.name
            implicitWidth: row.implicitWidth + 2 * Theme.spacingSmall
            implicitHeight: row.implicitHeight + 2 * Theme.spacingTiny
            width: implicitWidth
            height: implicitHeight
            radius: Theme.radiusSmall
            color: lost ? Theme.dangerSurface : on ? Theme.tint(Theme.bitOn) : Theme.surface
            border.color: lost ? Theme.danger : on ? Theme.bitOn : Theme.frame
            border.width: lost ? Theme.underline : Theme.hairline
            Behavior on color { ColorAnimation { duration: Theme.durationState } }

            // Flash on a change, not when the word is first drawn.
            property bool ready: false
            Component.onCompleted: ready = true
            onOnChanged: if (ready) fade.restart()

            Row {
                id: row
                x: Theme.spacingSmall
                y: Theme.spacingTiny
                spacing: Theme.spacingSmall

                Rectangle {
                    id: box
                    // As tall as the bit's name beside it: six chips one under another in a
                    // narrow card stay short.
                    width: Theme.bitCell
                    height: Math.max(Theme.bitCell, bitName.implicitHeight)
                    color: chip.on ? Theme.bitOn : Theme.bitOff
                    border.color: Theme.textDisabled
                    border.width: Theme.hairline
                    Behavior on color { ColorAnimation { duration: Theme.durationState } }
                    Label {
                        anchors.centerIn: parent
                        text: chip.on ? "1" : "0"
                        font.family: Theme.monoFamily
                        font.pixelSize: Theme.fontSmall
                        font.bold: chip.on
                        color: chip.on ? Theme.bitOnText : Theme.textMuted
                    }
                    Rectangle {
                        id: flash
                        anchors.fill: parent
                        color: Theme.flash
                        opacity: 0
                    }
                    NumberAnimation {
                        id: fade
                        target: flash
                        property: "opacity"
                        from: 1
                        to: 0
                        duration: Theme.durationFlash
                    }
                }
                Label {
                    id: bitName
                    anchors.verticalCenter: parent.verticalCenter
                    text: chip.modelData.name + (chip.lost ? " \u2717 " + qsTr("lost") : "")
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontSmall
                    font.bold: chip.on || chip.lost
                    color: chip.lost ? Theme.danger : chip.on ? Theme.text : Theme.textMuted
                }
            }

            ToolTip.visible: Theme.tipsOnHover && hover.hovered
            ToolTip.text: chip.lost
                          ? qsTr("Bit %1 (%2) was set and is gone: an update overwrote it").arg(chip.modelData.index).arg(chip.modelData.name)
                          : qsTr("Bit %1: %2 is %3").arg(chip.modelData.index).arg(chip.modelData.name).arg(chip.on ? qsTr("set") : qsTr("clear"))
            ToolTip.delay: Theme.toolTipDelay
            HoverHandler { id: hover }
        }
    }
}
