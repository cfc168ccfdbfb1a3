import QtQuick
import QtQuick.Controls
import Lockstep

// The algorithm's own source around a thread's next operation: the current line marked with a
// gutter arrow and a band, and within it the characters of the operation boxed and underlined.
// The source reads as the run's variant of the kernel code: a branch that a variant switch
// selects has a bar beside it and a tag naming the switch, and a branch the run does not take
// is one muted row saying what it would need (its code in a tooltip).
Rectangle {
    id: root

    // [{number, text, current, opStart, opLength, folded, foldCount, foldCode, tag, tagOn,
    // tagFirst, tagTip}], as the ThreadModel gives them (see SourceCache::around()).
    required property var lines

    // As many lines as fit, centred on the current one (a lane is as tall as the window allows).
    readonly property int fitLines: Math.max(1, Math.floor((height - 2 * Theme.spacingSmall) / lineHeight))
    readonly property var shownLines: {
        let current = -1
        for (let i = 0; i < lines.length; ++i)
            if (lines[i].current)
                current = i
        if (current < 0 || lines.length <= fitLines)
            return lines
        const before = Math.floor(fitLines / 2)
        const first = Math.max(0, Math.min(current - before, lines.length - fitLines))
        return lines.slice(first, first + fitLines)
    }

    implicitWidth: column.implicitWidth + 2 * Theme.spacing
    implicitHeight: column.implicitHeight + 2 * Theme.spacingSmall
    color: Theme.codeBackground
    border.color: Theme.frame
    border.width: Theme.border
    radius: Theme.radiusSmall
    clip: true

    // Properties, not FontMetrics' methods: they follow the zoom.
    TextMetrics {
        id: metrics
        font.family: Theme.monoFamily
        font.pixelSize: Theme.fontCode
        text: "0000000000"
    }
    readonly property real charWidth: metrics.advanceWidth / 10
    readonly property real lineHeight: Math.ceil(metrics.height * 1.2)

    // The switch's name shows once per branch, where it hides no code: after the first of the
    // branch's lines short enough to leave room. Otherwise only the bar shows, and the line
    // number's tooltip names the switch; a tag over the code would hide what the student
    // reads. {row index: "end"}
    readonly property real gutterWidth: charWidth * 7
    function tagLabel(row) {
        return row.tagOn ? qsTr("%1 on").arg(row.tag) : qsTr("%1 off").arg(row.tag)
    }
    FontMetrics {
        id: tagMetrics
        font.pixelSize: Theme.fontTag
    }
    readonly property var tagPlaces: {
        const rows = shownLines
        const room = code.width
        const places = {}
        const placed = {}
        for (let i = 0; i < rows.length; ++i) {
            const b = rows[i].branch
            if (!rows[i].tag || placed[b])
                continue
            placed[b] = true
            const pill = tagMetrics.advanceWidth(tagLabel(rows[i])) + 2 * Theme.spacingSmall + 2 * Theme.border
                         + 0 * tagMetrics.height  // re-evaluated when the zoom changes the font
            let end = i
            while (end + 1 < rows.length && rows[end + 1].tag && rows[end + 1].branch === b)
                ++end
            let at = -1
            for (let j = i; j <= end && at < 0; ++j)
                if ((rows[j].text.length + 1) * charWidth + pill <= room) {
                    at = j
                    places[j] = "end"
                }
        }
        return places
    }

    Label {
        visible: root.lines.length === 0
        anchors.centerIn: parent
        width: Math.min(implicitWidth, parent.width - 2 * Theme.spacing)
        elide: Text.ElideRight
        text: qsTr("no source: the thread has finished")
        color: Theme.textMuted
    }

    // What a row reads in the moment between a shorter array and its Repeater's catching up.
    readonly property var emptyRow: ({ number: 0, text: "", current: false, opStart: -1, opLength: 0, folded: false,
                                       foldCount: 0, foldCode: "", tag: "", tagOn: false, tagTip: "", branch: 0 })

    // The longest shown line decides how far the code scrolls sideways: a narrow lane keeps
    // its lines whole and scrolls instead of cutting them at its edge.
    readonly property real codeWidth: {
        let longest = 0
        for (const row of shownLines)
            if (!row.folded)
                longest = Math.max(longest, row.text.length)
        return (longest + 2) * charWidth
    }
    // Where the current operation ends, so that it can be scrolled into view.
    readonly property var currentOp: {
        for (const row of shownLines)
            if (row.current && row.opLength > 0)
                return { start: row.opStart * charWidth, end: (row.opStart + row.opLength) * charWidth }
        return null
    }
    onCurrentOpChanged: Qt.callLater(revealOp)
    onWidthChanged: Qt.callLater(revealOp)
    function revealOp() {
        const view = code.width
        if (currentOp === null || currentOp.end <= view) {
            code.contentX = 0
            return
        }
        // The least scrolling that shows the whole operation.
        let x = code.contentX
        if (currentOp.end - x > view)
            x = currentOp.end - view + 2 * charWidth
        if (currentOp.start - x < 0)
            x = currentOp.start - charWidth
        code.contentX = Math.max(0, Math.min(x, code.contentWidth - view))
    }

    // The line numbers, beside the scrolling code and level with its rows.
    Column {
        id: numbers
        x: Theme.spacing
        y: Theme.spacingSmall
        Repeater {
            // A count, not the rows: a step hands over a new array of rows, and a Repeater over
            // an array would destroy and rebuild every row each step (three quarters of auto-play's
            // QML time with eight lanes). Over a count the rows stay and rebind.
            model: root.shownLines.length
            delegate: Item {
                id: row
                required property int index
                readonly property var modelData: root.shownLines[index] || root.emptyRow
                objectName: "numberRow_" + modelData.number
                readonly property bool current: modelData.current
                readonly property bool tagged: (modelData.tag || "") !== ""
                width: root.gutterWidth
                height: root.lineHeight

            Label {
                id: gutter
                objectName: "lineNumber"
                background: Rectangle { color: row.current ? Theme.currentLine : Theme.codeBackground }
                width: root.gutterWidth
                height: parent.height
                verticalAlignment: Text.AlignVCenter
                horizontalAlignment: Text.AlignRight
                rightPadding: root.charWidth
                // A ▶ on the current line, so it is found without the band's colour.
                text: (row.current ? "\u25B6 " : "") + row.modelData.number
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontCode
                font.bold: row.current
                color: row.current ? Theme.text : Theme.lineNumber

                // The line number of a tagged line names its switch too, for the lines
                // whose tag could not be placed.
                HoverHandler {
                    id: gutterHover
                    enabled: row.tagged
                }
                ToolTip.visible: Theme.tipsOnHover && row.tagged && gutterHover.hovered
                ToolTip.delay: Theme.toolTipDelay
                ToolTip.timeout: Theme.toolTipTimeout
                ToolTip.text: row.modelData.tagTip || ""
            }
            // The bar beside every line of a branch a switch selects.
            Rectangle {
                objectName: "switchBar"
                visible: row.tagged
                x: gutter.width - (root.charWidth + width) / 2
                width: Theme.tagBar
                height: parent.height
                color: Theme.switchTag
            }
            }
        }
    }

    Flickable {
        id: code
        objectName: "sourceScroll"
        // Right of the line numbers, which stay put: a reviewer always sees which kernel
        // line a row is while the code scrolls.
        x: Theme.spacing + root.gutterWidth
        y: Theme.spacingSmall
        width: root.width - 2 * Theme.spacing - root.gutterWidth
        height: root.height - 2 * Theme.spacingSmall
        contentWidth: Math.max(width, root.codeWidth)
        contentHeight: column.height
        flickableDirection: Flickable.HorizontalFlick
        boundsBehavior: Flickable.StopAtBounds
        interactive: contentWidth > width
        clip: true
        ScrollBar.horizontal: ScrollBar {
            objectName: "sourceScrollBar"
            policy: code.contentWidth > code.width ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
            height: Theme.spacingSmall + Theme.hairline
        }

        Column {
            id: column
            width: code.contentWidth

            Repeater {
                model: root.shownLines.length
                delegate: Item {
                    id: line
                    required property int index
                    readonly property var modelData: root.shownLines[index] || root.emptyRow
                    objectName: "sourceRow_" + modelData.number
                    readonly property string tagPlace: root.tagPlaces[index] || ""
                    readonly property bool current: modelData.current
                    readonly property bool folded: modelData.folded === true
                    readonly property bool tagged: (modelData.tag || "") !== ""
                    width: column.width
                    implicitWidth: codeText.implicitWidth
                    height: root.lineHeight

                    Rectangle {
                        anchors.fill: parent
                        visible: line.current
                        color: Theme.currentLine
                    }
                    Rectangle {
                        objectName: "foldBand"
                        visible: line.folded
                        x: 0
                        width: parent.width - x
                        height: parent.height
                        radius: Theme.radiusSmall
                        color: Theme.foldBackground
                    }
                    Rectangle {
                        visible: line.current && line.modelData.opLength > 0
                        x: root.charWidth * line.modelData.opStart
                        width: root.charWidth * line.modelData.opLength
                        height: parent.height
                        color: Theme.tint(Theme.opBox, 0.3)
                        border.color: Theme.opBox
                        border.width: Theme.border
                        Rectangle {
                            anchors.bottom: parent.bottom
                            width: parent.width
                            height: Theme.underline
                            color: Theme.opBox
                        }
                    }
                    Label {
                        id: codeText
                        objectName: "sourceText"
                        x: line.folded ? root.charWidth : 0
                        // A fold's explanation may not fit a narrow lane: it ends in "…" and the
                        // tooltip has it whole; code keeps its width and scrolls.
                        width: line.folded ? code.width + code.contentX - x : implicitWidth
                        elide: line.folded ? Text.ElideRight : Text.ElideNone
                        height: parent.height
                        verticalAlignment: Text.AlignVCenter
                        text: line.modelData.text
                        textFormat: Text.PlainText
                        font.family: Theme.monoFamily
                        font.pixelSize: line.folded ? Theme.fontSmall : Theme.fontCode
                        font.italic: line.folded
                        color: line.folded ? Theme.foldText : Theme.codeText

                        HoverHandler {
                            id: foldHover
                            enabled: line.folded
                        }
                        ToolTip.visible: Theme.tipsOnHover && line.folded && foldHover.hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.timeout: Theme.toolTipTimeout
                        ToolTip.text: line.folded ? line.modelData.text + "\n\n" + line.modelData.foldCode : ""
                    }
                    Rectangle {
                        id: tag
                        objectName: "switchTag"
                        visible: line.tagPlace !== ""
                        x: codeText.x + codeText.implicitWidth + root.charWidth
                        anchors.verticalCenter: parent.verticalCenter
                        width: tagText.implicitWidth + 2 * Theme.spacingSmall
                        height: tagText.implicitHeight + Theme.spacingTiny
                        radius: height / 2
                        color: Theme.codeBackground
                        border.color: Theme.switchTag
                        border.width: Theme.border
                        Label {
                            id: tagText
                            anchors.centerIn: parent
                            text: line.modelData.tag ? root.tagLabel(line.modelData) : ""
                            textFormat: Text.PlainText
                            font.pixelSize: Theme.fontTag
                            color: Theme.text
                        }
                        HoverHandler {
                            id: tagHover
                        }
                        ToolTip.visible: Theme.tipsOnHover && tagHover.hovered
                        ToolTip.delay: Theme.toolTipDelay
                        ToolTip.timeout: Theme.toolTipTimeout
                        ToolTip.text: line.modelData.tagTip || ""
                    }
                }
            }
        }
    }
}
