import QtQuick
import QtQuick.Controls
import Lockstep

// A button whose words wrap rather than run out of the room it has: as wide as its words on
// one line, at most maximumWidth, and taller when they wrap (a prediction's long choice, a
// challenge's title in a narrow panel). Its natural width is measured apart: a wrapping
// label's own implicit width follows the width given to it, a binding loop.
TipButton {
    id: root

    property real maximumWidth: Number.POSITIVE_INFINITY
    property color textColor: palette.buttonText

    width: Math.min(Math.ceil(words.advanceWidth) + leftPadding + rightPadding + 1, maximumWidth)

    TextMetrics {
        id: words
        font: root.font
        text: root.text
    }
    contentItem: Label {
        text: root.text
        font: root.font
        wrapMode: Text.Wrap
        textFormat: Text.PlainText
        horizontalAlignment: Text.AlignLeft
        verticalAlignment: Text.AlignVCenter
        color: root.textColor
    }
}
