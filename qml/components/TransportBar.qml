import QtQuick
import QtQuick.Controls
import Lockstep

// Moving through the run's history and auto-play: back, forward, home, end, reset, play at a
// speed, in round-robin or seeded random order. A Flow, so at a large zoom the controls wrap
// onto a second line instead of running off the window.
Pane {
    id: root

    required property Session session

    padding: Theme.spacingSmall
    background: Rectangle { color: Theme.surfaceAlt }

    Flow {
        id: flow
        objectName: "transportFlow"
        width: parent.width
        spacing: Theme.spacing

        // Labels and switches as tall as the buttons, so the line reads level.
        readonly property real lineHeight: backButton.implicitHeight

        TipButton {
            text: "\u21E4 " + qsTr("Home")
            enabled: root.session.canGoBack
            tip: qsTr("Go to step 0, keeping the steps ahead (Home)")
            onClicked: root.session.home()
        }
        TipButton {
            id: backButton
            objectName: "backButton"
            text: "\u25C0 " + qsTr("Back")
            enabled: root.session.canGoBack
            tip: qsTr("Undo one step (Left arrow or Backspace)")
            onClicked: root.session.back()
        }
        Label {
            height: flow.lineHeight
            verticalAlignment: Text.AlignVCenter
            text: qsTr("step %1 of %2").arg(root.session.step).arg(root.session.timelineLength)
            font.bold: true
        }
        TipButton {
            objectName: "forwardButton"
            text: qsTr("Forward") + " \u25B6"
            enabled: root.session.canGoForward
            tip: qsTr("Redo the next step of the timeline (Right arrow)")
            onClicked: root.session.forward()
        }
        TipButton {
            text: qsTr("End") + " \u21E5"
            enabled: root.session.canGoForward
            tip: qsTr("Go to the last step of the timeline (End)")
            onClicked: root.session.end()
        }
        TipButton {
            objectName: "resetButton"
            text: "\u21BA " + qsTr("Reset")
            tip: qsTr("Start the run again and forget its timeline (Ctrl+R)")
            onClicked: root.session.reset()
        }

        ToolSeparator { height: flow.lineHeight }

        TipButton {
            objectName: "playButton"
            text: root.session.playing ? "\u2759\u2759 " + qsTr("Pause") : "\u25B6 " + qsTr("Play")
            highlighted: root.session.playing
            enabled: root.session.playing || !root.session.finished
            tip: root.session.playing ? qsTr("Stop auto-play (Space)") : qsTr("Let the threads run by themselves (Space)")
            onClicked: root.session.playing = !root.session.playing
        }
        Slider {
            id: speed
            objectName: "speedSlider"
            // Three quarters of the usual width still give two pixels a step, and leave the
            // seed room on the line in a 1280-pixel window.
            width: Math.round(Theme.sliderWidth * 3 / 4)
            height: flow.lineHeight
            from: 1
            to: 60
            stepSize: 1
            snapMode: Slider.SnapAlways
            value: root.session.speed
            onMoved: root.session.speed = value
            ToolTip.visible: Theme.tipsOnHover && (hovered || pressed)
            ToolTip.delay: pressed ? 0 : Theme.toolTipDelay
            ToolTip.text: qsTr("Auto-play speed: %1 steps per second ([ slower, ] faster)").arg(root.session.speed)
        }
        Label {
            height: flow.lineHeight
            verticalAlignment: Text.AlignVCenter
            text: qsTr("%1 steps/s").arg(root.session.speed)
        }
        Switch {
            objectName: "randomOrderSwitch"
            height: flow.lineHeight
            text: qsTr("random order")
            checked: root.session.randomOrder
            onToggled: root.session.randomOrder = checked
            ToolTip.visible: Theme.tipsOnHover && hovered
            ToolTip.delay: Theme.toolTipDelay
            ToolTip.text: qsTr("Auto-play picks a random runnable thread from the seed (O); off: round-robin")
        }
        // The seed only matters to the random order, so it only takes room then.
        Label {
            height: flow.lineHeight
            verticalAlignment: Text.AlignVCenter
            text: qsTr("seed")
            visible: root.session.randomOrder
        }
        SpinBox {
            id: seedField
            objectName: "seedField"
            // As wide as the largest seed, so the line still fits a 1280-pixel window.
            width: Math.min(Theme.seedWidth, seedDigits.advanceWidth + leftPadding + rightPadding + 2 * Theme.spacing)
            height: flow.lineHeight
            TextMetrics {
                id: seedDigits
                font: seedField.font
                text: String(seedField.to)
            }
            visible: root.session.randomOrder
            editable: true
            from: 0
            to: 2147483647
            value: root.session.seed
            onValueModified: root.session.seed = value
            ToolTip.visible: Theme.tipsOnHover && hovered
            ToolTip.delay: Theme.toolTipDelay
            ToolTip.text: qsTr("The seed of the random order: the same seed replays the same run")
        }
    }
}
