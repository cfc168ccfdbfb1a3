import QtQuick
import QtQuick.Controls
import Lockstep

// A value from a snapshot. When it changes, the old value rolls up and away, the new one rolls
// in, and the background flashes; while the last step's `changedNow` is true it stays
// underlined, so what a step did can still be read after the animation (and with reduce motion,
// where the durations are 0 and only the underline remains).
Item {
    id: root

    property string text
    property bool changedNow: false
    property bool mono: false
    property bool strong: false
    property int pixelSize: Theme.fontBase
    property color color: Theme.text
    // A lesson points at this value: framed in the accent colour while it does.
    property bool emphasized: false

    // Measured apart from the shown label, whose width follows the item's (it wraps).
    TextMetrics {
        id: natural
        font: shown.font
        text: root.text
    }
    implicitWidth: Math.ceil(natural.advanceWidth) + 2 * Theme.spacingSmall + 1
    implicitHeight: shown.height + Theme.spacingTiny + Theme.underline

    clip: true

    property string _previous
    property bool _ready: false

    function pulse() {
        flashOut.restart()
    }

    onTextChanged: {
        if (!_ready) {
            _previous = text
            return
        }
        old.text = root._previous
        root._previous = root.text
        roll.restart()
        root.pulse()
    }
    onChangedNowChanged: if (changedNow && _ready) pulse()
    // A value drawn afresh does not flash (the underline still tells it changed).
    Component.onCompleted: {
        _previous = text
        _ready = true
    }

    Rectangle {
        objectName: "emphasis"
        visible: root.emphasized
        anchors.fill: parent
        radius: Theme.radiusSmall
        color: Theme.tint(Theme.accent)
        border.color: Theme.accent
        border.width: Theme.border
    }

    Rectangle {
        id: flash
        anchors.fill: parent
        radius: Theme.radiusSmall
        color: Theme.flash
        opacity: 0
    }
    NumberAnimation {
        id: flashOut
        target: flash
        property: "opacity"
        from: 1
        to: 0
        duration: Theme.durationFlash
        easing.type: Easing.InQuad
    }

    Label {
        id: old
        x: Theme.spacingSmall
        // Only while it rolls away: at rest the old value is gone, not merely transparent.
        visible: roll.running
        opacity: 0
        font: shown.font
        color: root.color
        textFormat: Text.PlainText
    }
    // A value wider than the room it is given (a long decomposition in a narrow panel) wraps
    // rather than running out of its card.
    Label {
        id: shown
        x: Theme.spacingSmall
        width: Math.max(0, root.width - 2 * Theme.spacingSmall)
        wrapMode: Text.WrapAtWordBoundaryOrAnywhere
        text: root.text
        font.family: root.mono ? Theme.monoFamily : Qt.application.font.family
        font.pixelSize: root.pixelSize
        font.bold: root.strong
        color: root.color
        textFormat: Text.PlainText
    }

    Rectangle {
        visible: root.changedNow
        x: Theme.spacingSmall
        width: Math.min(natural.advanceWidth, shown.width)
        height: Theme.underline
        anchors.bottom: parent.bottom
        color: Theme.opBox
    }

    ParallelAnimation {
        id: roll
        NumberAnimation { target: old; property: "y"; from: 0; to: -Theme.rollDistance; duration: Theme.durationRoll; easing.type: Easing.OutCubic }
        NumberAnimation { target: old; property: "opacity"; from: 1; to: 0; duration: Theme.durationRoll }
        NumberAnimation { target: shown; property: "y"; from: Theme.rollDistance; to: 0; duration: Theme.durationRoll; easing.type: Easing.OutCubic }
        NumberAnimation { target: shown; property: "opacity"; from: 0; to: 1; duration: Theme.durationRoll }
    }
}
