import QtQuick
import QtQuick.Controls
import Lockstep

// The algorithm's own source around a thread's next operation: the current line marked with a
// gutter arrow and a band, and within it the characters of the operation boxed and underlined.
Rectangle {
    id: root

    // [{number, text, current, opStart, opLength}], as the ThreadModel gives them.
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

    Label {
        visible: root.lines.length === 0
        anchors.centerIn: parent
        text: qsTr("no source: the thread has finished")
        color: Theme.textMuted
    }

    Column {
        id: column
        x: Theme.spacing
        y: Theme.spacingSmall
        width: root.width - 2 * Theme.spacing

        Repeater {
            model: root.shownLines
            delegate: Item {
                id: line
                required property var modelData
                readonly property bool current: modelData.current
                width: column.width
                implicitWidth: gutter.width + code.implicitWidth
                height: root.lineHeight

                Rectangle {
                    anchors.fill: parent
                    visible: line.current
                    color: Theme.currentLine
                }
                Label {
                    id: gutter
                    width: root.charWidth * 7
                    height: parent.height
                    verticalAlignment: Text.AlignVCenter
                    horizontalAlignment: Text.AlignRight
                    rightPadding: root.charWidth
                    // A ▶ on the current line, so it is found without the band's colour.
                    text: (line.current ? "\u25B6 " : "") + line.modelData.number
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontCode
                    font.bold: line.current
                    color: line.current ? Theme.text : Theme.lineNumber
                }
                Rectangle {
                    visible: line.current && line.modelData.opLength > 0
                    x: gutter.width + root.charWidth * line.modelData.opStart
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
                    id: code
                    x: gutter.width
                    height: parent.height
                    verticalAlignment: Text.AlignVCenter
                    text: line.modelData.text
                    textFormat: Text.PlainText
                    font.family: Theme.monoFamily
                    font.pixelSize: Theme.fontCode
                    color: Theme.codeText
                }
            }
        }
    }
}
