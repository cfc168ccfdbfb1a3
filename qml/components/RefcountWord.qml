import QtQuick
import QtQuick.Controls
import Lockstep

// The vm_refcnt word bit by bit, most significant first. The writer bit VMA_LOCK_OFFSET stands
// apart with "OFFSET" over it (a lone "O" reads as a zero) and lights up when set; a bit that
// changes flashes. When the whole word does not fit at full size (a narrow panel, presenter
// mode's large type), it is compressed to the bits that matter: the writer bit, every bit that
// is set, and the low bits a reader count uses, each numbered, with runs of zero bits between
// them drawn as one "⋯" cell. The cells then stay large enough to read from the back of a room.
Item {
    id: root

    required property var bits          // bools, most significant first
    required property int writerBitIndex // index of VMA_LOCK_OFFSET in bits, -1 if none

    readonly property int count: bits.length
    // The low bits always shown when compressed: a handful of readers counts up to here.
    readonly property int lowBits: 4
    readonly property bool compressed: count > 0 && width > 0 && count * Theme.bitCell + 2 * Theme.bitGap > width
    // [{index} or {gap: n}], most significant first.
    readonly property var slots: {
        const all = []
        let gap = 0
        for (let i = 0; i < count; ++i) {
            const number = count - 1 - i
            const keep = !compressed || i === writerBitIndex || !!bits[i] || number < lowBits
            if (!keep) {
                ++gap
                continue
            }
            if (gap > 0)
                all.push({ gap: gap })
            gap = 0
            all.push({ index: i })
        }
        if (gap > 0)
            all.push({ gap: gap })
        return all
    }
    readonly property int gapCount: {
        let n = 0
        for (const s of slots)
            if (s.gap !== undefined)
                ++n
        return n
    }
    // Full size cells when the word fits; shrunk cells are never needed, since a word that does
    // not fit is compressed, but a very narrow panel still shrinks the compressed cells.
    readonly property real cell: {
        if (count === 0)
            return Theme.bitCell
        const bitSlots = slots.length - gapCount
        // A short word (the scaled 5-bit counter) grows into the room it has, as a compressed one.
        const big = Theme.bitCell * 2.5
        const room = (width - 2 * Theme.bitGap) / (bitSlots + gapCount * 0.8)
        return Math.max(Theme.bitCellMin, Math.min(big, room))
    }
    readonly property real cellHeight: numbered ? Math.max(Theme.bitHeight, cell * 1.3) : Theme.bitHeight
    readonly property bool showDigits: cell >= Theme.fontSmall * 0.75
    // Large cells say which bit each is; small ones have the end bits' numbers under them.
    readonly property bool numbered: compressed || cell >= Theme.bitCell * 1.5
    function gapWidth() { return root.cell * 0.8 }
    function xOfIndex(index) {
        let x = 0
        for (const s of slots) {
            if (s.index === index)
                return x + (index === writerBitIndex ? Theme.bitGap : 0)
            x += s.gap !== undefined ? gapWidth() : cell + (s.index === writerBitIndex ? 2 * Theme.bitGap : 0)
        }
        return x
    }

    implicitWidth: count * Theme.bitCell + 2 * Theme.bitGap
    implicitHeight: header.height + cellHeight + footer.height

    Item {
        id: header
        width: parent.width
        height: oLabel.implicitHeight
        Label {
            id: oLabel
            visible: root.writerBitIndex >= 0
            x: Math.max(0, root.xOfIndex(root.writerBitIndex) + root.cell / 2 - width / 2)
            text: "OFFSET"
            font.bold: true
            font.pixelSize: root.numbered ? Theme.fontBase : Theme.fontSmall
            color: Theme.writerBitOn
            ToolTip.visible: Theme.tipsOnHover && oHover.hovered
            ToolTip.text: qsTr("VMA_LOCK_OFFSET: the writer bit")
            ToolTip.delay: Theme.toolTipDelay
            HoverHandler { id: oHover }
        }
    }

    Row {
        id: word
        objectName: "refcountBits"
        y: header.height
        Repeater {
            model: root.slots
            delegate: Item {
                id: bit
                required property var modelData
                readonly property bool isGap: modelData.gap !== undefined
                readonly property int index: isGap ? -1 : modelData.index
                readonly property int number: root.count - 1 - index
                readonly property bool isWriter: !isGap && index === root.writerBitIndex
                readonly property bool on: !isGap && !!root.bits[index]
                objectName: isGap ? "bitGap" : "bit_" + number
                // The writer bit sits between two gaps.
                width: isGap ? root.gapWidth() : root.cell + (isWriter ? 2 * Theme.bitGap : 0)
                height: root.cellHeight

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

                Label {
                    visible: bit.isGap
                    anchors.centerIn: parent
                    text: "\u22EF"
                    color: Theme.textMuted
                    font.pixelSize: Math.min(Theme.fontBase, root.cell)
                    ToolTip.visible: Theme.tipsOnHover && gapHover.hovered
                    ToolTip.text: qsTr("%n bits, all zero", "", bit.isGap ? bit.modelData.gap : 0)
                    ToolTip.delay: Theme.toolTipDelay
                    HoverHandler { id: gapHover }
                }
                Rectangle {
                    id: box
                    visible: !bit.isGap
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
                        font.pixelSize: Math.min(root.numbered ? Theme.fontLarge : Theme.fontSmall, root.cell * 0.9)
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
                // Compressed, every shown bit says which bit it is.
                Label {
                    visible: root.numbered && !bit.isGap
                    anchors.horizontalCenter: box.horizontalCenter
                    anchors.top: box.bottom
                    text: String(bit.number)
                    font.pixelSize: Theme.fontSmall
                    color: Theme.textMuted
                }
            }
        }
    }

    Item {
        id: footer
        y: header.height + root.cellHeight
        width: parent.width
        height: msb.implicitHeight
        Label {
            id: msb
            visible: !root.numbered
            x: Theme.spacingTiny
            text: root.count > 0 ? String(root.count - 1) : ""
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
        }
        Label {
            visible: !root.numbered
            x: word.width - width - Theme.spacingTiny
            text: "0"
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
        }
    }
}
