import QtQuick
import QtQuick.Controls
import Lockstep

// The vm_refcnt word bit by bit, most significant first. The writer bit VMA_LOCK_OFFSET stands
// apart with "OFFSET" over it (a lone "O" reads as a zero) and lights up when set; a bit that
// changes flashes.
Item {
    id: root

    required property var bits          // bools, most significant first
    required property int writerBitIndex // index of VMA_LOCK_OFFSET in bits, -1 if none

    readonly property int count: bits.length
    // Shrink the cells to fit a 32-bit word in the panel; a 5-bit word keeps full-size cells.
    readonly property real cell: count === 0 ? Theme.bitCell
        : Math.max(Theme.bitCellMin, Math.min(Theme.bitCell, (width - 2 * Theme.bitGap) / count))
    readonly property bool showDigits: cell >= Theme.fontSmall * 0.75

    implicitWidth: count * Theme.bitCell + 2 * Theme.bitGap
    implicitHeight: header.height + Theme.bitHeight + footer.height

    Item {
        id: header
        width: parent.width
        height: oLabel.implicitHeight
        Label {
            id: oLabel
            visible: root.writerBitIndex >= 0
            x: root.writerBitIndex * root.cell + Theme.bitGap + root.cell / 2 - width / 2
            text: "OFFSET"
            font.bold: true
            font.pixelSize: Theme.fontSmall
            color: Theme.writerBitOn
            ToolTip.visible: oHover.hovered
            ToolTip.text: qsTr("VMA_LOCK_OFFSET: the writer bit")
            ToolTip.delay: Theme.toolTipDelay
            HoverHandler { id: oHover }
        }
    }

    Row {
        id: word
        y: header.height
        Repeater {
            model: root.count
            delegate: Item {
                id: bit
                required property int index
                readonly property bool isWriter: index === root.writerBitIndex
                readonly property bool on: !!root.bits[index]
                // The writer bit sits between two gaps.
                width: root.cell + (isWriter ? 2 * Theme.bitGap : 0)
                height: Theme.bitHeight

                // Flash on a change, not when the word is first drawn.
                property bool ready: false
                Component.onCompleted: ready = true
                onOnChanged: {
                    if (!ready)
                        return
                    fade.restart()
                    if (isWriter && on)
                        pop.restart()
                }

                Rectangle {
                    id: box
                    x: bit.isWriter ? Theme.bitGap : 0
                    width: root.cell
                    height: parent.height
                    color: bit.on ? (bit.isWriter ? Theme.writerBitOn : Theme.bitOn) : Theme.bitOff
                    border.color: bit.isWriter ? Theme.writerBitOn : Theme.textDisabled
                    border.width: bit.isWriter ? Theme.underline : Theme.hairline
                    Behavior on color { ColorAnimation { duration: Theme.durationState } }

                    Label {
                        anchors.centerIn: parent
                        visible: root.showDigits
                        text: bit.on ? "1" : "0"
                        font.family: Theme.monoFamily
                        font.pixelSize: Math.min(Theme.fontSmall, root.cell * 0.9)
                        font.bold: bit.on
                        color: bit.on ? (bit.isWriter ? Theme.writerBitText : Theme.bitOnText) : Theme.textMuted
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
                    SequentialAnimation {
                        id: pop
                        NumberAnimation { target: box; property: "scale"; to: 1.35; duration: Theme.durationState / 2 }
                        NumberAnimation { target: box; property: "scale"; to: 1; duration: Theme.durationState }
                    }
                }
            }
        }
    }

    Item {
        id: footer
        y: header.height + Theme.bitHeight
        width: parent.width
        height: msb.implicitHeight
        Label {
            id: msb
            x: Theme.spacingTiny
            text: root.count > 0 ? String(root.count - 1) : ""
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
        }
        Label {
            x: word.width - width - Theme.spacingTiny
            text: "0"
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
        }
    }
}
