import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// View > Compare two variants (Ctrl+K): the lab's schedule played on two variants of its
// scenario, both runs step by step in one list with every step that differs marked, where they
// part called out in words, and both runs' fields and threads at the step looked at, the
// values that differ marked. The Comparison says all of it; this only lays it out.
// Keys: Left/Right, PageUp/PageDown (a clicker), Home/End, N/P for the next/previous
// difference, Escape closes.
Popup {
    id: root

    required property Session session
    readonly property alias comparison: comparison
    // --compare A,B and --compare-step N: open on these variants (and that step) at start.
    property string startVariants: ""
    property int startStep: -1

    // Takes the lab's run as it stands and opens on it; `left` and `right` choose the variants
    // instead of the defaults (the lab's against the scenario's own).
    function openFromLab(left, right) {
        comparison.loadFromSession()
        if (left && right)
            comparison.setVariants(left, right)
        open()
    }

    function stepKey(event) {
        switch (event.key) {
        case Qt.Key_Home: comparison.home(); break
        case Qt.Key_End: comparison.end(); break
        case Qt.Key_Left: case Qt.Key_Up: case Qt.Key_PageUp: case Qt.Key_Backspace:
            comparison.back(); break
        case Qt.Key_Right: case Qt.Key_Down: case Qt.Key_PageDown: case Qt.Key_Space:
            comparison.forward(); break
        case Qt.Key_N: comparison.nextDifference(); break
        case Qt.Key_P: comparison.previousDifference(); break
        default: return
        }
        event.accepted = true
    }

    Component.onCompleted: {
        if (startVariants === "")
            return
        const names = startVariants.split(",")
        Qt.callLater(() => {
            root.openFromLab(names[0], names[1])
            if (root.startStep >= 0)
                comparison.current = root.startStep
        })
    }

    Comparison {
        id: comparison
        session: root.session
        onConfigChanged: scheduleField.text = comparison.schedule
    }

    parent: Overlay.overlay
    x: Theme.spacing
    y: Theme.spacing
    width: parent ? parent.width - 2 * Theme.spacing : 0
    height: parent ? parent.height - 2 * Theme.spacing : 0
    modal: true
    focus: true
    padding: Theme.padding
    closePolicy: Popup.CloseOnEscape
    onOpened: steps.forceActiveFocus()

    background: Rectangle {
        color: Theme.window
        border.color: Theme.frame
        border.width: Theme.borderStrong
        radius: Theme.radius
    }
    Overlay.modal: Rectangle { color: Theme.overlay }

    // ---- one side of a step: what the thread did, where, whom it moved, what broke ----------
    component SideCell: Column {
        id: cell
        property string kind
        property string action
        property string where
        property var moves: []
        property var verdicts: []
        spacing: Theme.spacingTiny
        Label {
            width: cell.width
            text: cell.kind === "cannot" ? Theme.stateGlyph("blocked") + " " + cell.action : cell.action
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            font.family: cell.kind === "took" ? Theme.monoFamily : Qt.application.font.family
            font.pixelSize: cell.kind === "took" ? Theme.fontCode : Theme.fontBase
            font.italic: cell.kind === "absent"
            color: cell.kind === "took" ? Theme.text : cell.kind === "cannot" ? Theme.stateBlocked : Theme.textMuted
        }
        Label {
            visible: cell.where !== ""
            width: cell.width
            text: cell.where
            textFormat: Text.PlainText
            wrapMode: Text.WrapAtWordBoundaryOrAnywhere
            font.pixelSize: Theme.fontSmall
            color: Theme.textMuted
        }
        Repeater {
            model: cell.moves
            delegate: Label {
                required property string modelData
                width: cell.width
                text: "\u2192 " + modelData
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSmall
                font.bold: true
            }
        }
        Repeater {
            model: cell.verdicts
            delegate: Label {
                required property string modelData
                width: cell.width
                text: "\u2716 " + modelData
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSmall
                font.bold: true
                color: Theme.danger
            }
        }
    }

    // ---- a choice among a few: Fusion's ComboBox keeps its 24 px height and measures its width
    // with the style's font whatever the zoom, so it follows Theme here
    component Picker: ComboBox {
        id: picker
        property string tip
        // The longest choice, measured in the zoomed font: the width follows it.
        readonly property string widest: {
            let w = ""
            for (let i = 0; i < count; ++i)
                if (textAt(i).length > w.length)
                    w = textAt(i)
            return w
        }
        font.pixelSize: Theme.fontBase
        width: Math.max(implicitWidth, widestMetrics.advanceWidth + leftPadding + rightPadding
                        + (indicator ? indicator.width : 0) + Theme.spacingLarge)
        height: Math.max(implicitHeight, Theme.fontBase * 2)
        TextMetrics {
            id: widestMetrics
            font: picker.font
            text: picker.widest
        }
        ToolTip.visible: Theme.tipsOnHover && hovered && !popup.visible && tip !== ""
        ToolTip.text: tip
        ToolTip.delay: Theme.toolTipDelay
        ToolTip.timeout: Theme.toolTipTimeout
    }

    // ---- a value of one run in the table: the kernel's way of writing it, its decomposition
    component SideValue: Rectangle {
        id: value
        property string text
        property string detail
        property bool changed: false
        property bool differs: false
        property bool missing: false
        implicitHeight: valueColumn.implicitHeight + 2 * Theme.spacingTiny
        radius: Theme.radiusSmall
        color: differs ? Theme.tint(Theme.opBox) : "transparent"
        border.color: differs ? Theme.opBox : "transparent"
        border.width: Theme.border
        Column {
            id: valueColumn
            x: Theme.spacingSmall
            y: Theme.spacingTiny
            width: value.width - 2 * Theme.spacingSmall
            ValueText {
                text: value.missing ? qsTr("(no such field)") : value.text
                mono: !value.missing
                strong: value.differs
                changedNow: value.changed
                pixelSize: Theme.fontCode
                color: value.missing ? Theme.textMuted : Theme.text
            }
            Label {
                visible: value.detail !== ""
                width: parent.width
                text: value.detail
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
            }
        }
    }

    contentItem: FocusScope {
        id: scope
        Keys.onPressed: (event) => root.stepKey(event)

        ColumnLayout {
            anchors.fill: parent
            spacing: Theme.spacing

            // ---- title --------------------------------------------------------------------
            RowLayout {
                id: titleRow
                Layout.fillWidth: true
                spacing: Theme.spacing
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Compare two variants: %1").arg(comparison.scenarioTitle)
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    elide: Text.ElideRight
                }
                TipButton {
                    objectName: "compareClose"
                    text: qsTr("Close")
                    tip: qsTr("Back to the lab (Escape)")
                    onClicked: root.close()
                }
            }

            // What is compared and where the runs part: scrolls on its own when the window is
            // small or zoomed, so the steps below always keep most of the height.
            ScrollView {
                id: top
                objectName: "compareTop"
                Layout.fillWidth: true
                // Up to 48% of the height, less where the title and stepper (zoomed, wrapped)
                // would leave the steps under 35%, but never under a quarter.
                Layout.preferredHeight: Math.min(topColumn.implicitHeight,
                                                 Math.max(scope.height * 0.25,
                                                          Math.min(scope.height * 0.48,
                                                                   scope.height * 0.65 - titleRow.height
                                                                   - stepper.height - 4 * Theme.spacing)))
                // Fusion's scroll bar lies over the content: keep the content clear of it.
                readonly property real clearWidth: availableWidth - (ScrollBar.vertical.visible ? ScrollBar.vertical.width : 0)
                contentWidth: clearWidth
                clip: true

                Column {
                    id: topColumn
                    width: top.clearWidth
                    spacing: Theme.spacing

                    Flow {
                        width: topColumn.width
                        spacing: Theme.spacing
                        Label {
                            height: leftBox.height
                            verticalAlignment: Text.AlignVCenter
                            text: qsTr("Left")
                        }
                        Picker {
                            id: leftBox
                            objectName: "compareLeft"
                            model: comparison.variants
                            currentIndex: comparison.variants.indexOf(comparison.leftVariant)
                            tip: comparison.leftSummary
                            onActivated: {
                                comparison.leftVariant = currentText
                                steps.forceActiveFocus()
                            }
                        }
                        Label {
                            height: leftBox.height
                            verticalAlignment: Text.AlignVCenter
                            text: qsTr("against right")
                        }
                        Picker {
                            id: rightBox
                            objectName: "compareRight"
                            model: comparison.variants
                            currentIndex: comparison.variants.indexOf(comparison.rightVariant)
                            tip: comparison.rightSummary
                            onActivated: {
                                comparison.rightVariant = currentText
                                steps.forceActiveFocus()
                            }
                        }
                        Picker {
                            id: alignBox
                            objectName: "compareAlign"
                            model: [qsTr("The same race: right follows left to the same points"),
                                    qsTr("The same schedule: step N is choice N in both")]
                            currentIndex: comparison.byPoint ? 0 : 1
                            tip: qsTr("Lined up by program point, both variants play the same race even where one takes more steps for it; step by step, the schedule is taken literally")
                            onActivated: {
                                comparison.byPoint = currentIndex === 0
                                steps.forceActiveFocus()
                            }
                        }
                        CheckBox {
                            objectName: "compareRunToEnd"
                            height: leftBox.height
                            text: qsTr("Then round-robin to the end")
                            checked: comparison.runToEnd
                            onToggled: comparison.runToEnd = checked
                        }
                    }

                    Row {
                        spacing: Theme.spacing
                        Label {
                            id: scheduleLabel
                            height: scheduleField.height
                            verticalAlignment: Text.AlignVCenter
                            text: qsTr("Schedule")
                        }
                        TextField {
                            id: scheduleField
                            objectName: "compareSchedule"
                            width: topColumn.width - scheduleLabel.width - compareButton.width - labButton.width - 3 * Theme.spacing
                            font.family: Theme.monoFamily
                            placeholderText: qsTr("empty: round-robin from the start")
                            selectByMouse: true
                            onAccepted: {
                                comparison.schedule = text
                                steps.forceActiveFocus()
                            }
                        }
                        TipButton {
                            id: compareButton
                            text: qsTr("Compare")
                            tip: qsTr("Play this schedule on both variants (Enter)")
                            onClicked: {
                                comparison.schedule = scheduleField.text
                                steps.forceActiveFocus()
                            }
                        }
                        TipButton {
                            id: labButton
                            text: qsTr("From the lab")
                            tip: qsTr("Take the lab's variant and schedule as they are now")
                            onClicked: {
                                comparison.loadFromSession()
                                steps.forceActiveFocus()
                            }
                        }
                    }
                    Label {
                        objectName: "compareTaken"
                        width: topColumn.width
                        visible: comparison.error === "" && comparison.byPoint && comparison.rightTaken !== comparison.leftTaken
                        text: qsTr("%1 plays the schedule as written; %2 follows it to the same points with: %3")
                              .arg(comparison.leftName).arg(comparison.rightName).arg(comparison.rightTaken)
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.fontSmall
                        color: Theme.textMuted
                    }
                    Label {
                        objectName: "compareError"
                        width: topColumn.width
                        visible: comparison.error !== ""
                        text: comparison.error
                        textFormat: Text.PlainText
                        wrapMode: Text.Wrap
                        color: Theme.danger
                        font.bold: true
                    }

                    // Where they part, in words.
                    Rectangle {
                        objectName: "compareCallout"
                        width: topColumn.width
                        height: calloutColumn.implicitHeight + 2 * Theme.spacing
                        visible: comparison.error === ""
                        color: Theme.surface
                        border.color: comparison.firstDifference > 0 ? Theme.opBox : Theme.good
                        border.width: Theme.border
                        radius: Theme.radius
                        Column {
                            id: calloutColumn
                            x: Theme.spacing
                            y: Theme.spacing
                            width: parent.width - 2 * Theme.spacing
                            spacing: Theme.spacingSmall
                            Label {
                                objectName: "compareSummary"
                                width: parent.width
                                text: comparison.firstDifference === 0
                                      ? qsTr("No difference: both runs do the same at each of the %1 steps.").arg(comparison.count)
                                      : qsTr("%1 of %2 steps differ%3.").arg(comparison.differenceCount).arg(comparison.count)
                                        .arg(comparison.truncated ? qsTr(" (stopped at %1 steps)").arg(comparison.count) : "")
                                font.bold: true
                                wrapMode: Text.Wrap
                            }
                            Repeater {
                                model: comparison.turningPoints
                                delegate: Row {
                                    id: point
                                    required property var modelData
                                    required property int index
                                    width: calloutColumn.width
                                    spacing: Theme.spacing
                                    Button {
                                        id: goButton
                                        objectName: "compareGo" + point.index
                                        text: qsTr("Step %1").arg(point.modelData.step)
                                        onClicked: {
                                            comparison.current = point.modelData.step
                                            steps.forceActiveFocus()
                                        }
                                    }
                                    Label {
                                        objectName: "compareTurningPoint" + point.index
                                        width: point.width - goButton.width - point.spacing
                                        text: "<b>" + point.modelData.title + "</b> (" + point.modelData.kinds + "): "
                                              + qsTr("under %1, %2; under %3, %4")
                                                .arg(comparison.leftName).arg(point.esc(point.modelData.left))
                                                .arg(comparison.rightName).arg(point.esc(point.modelData.right))
                                        textFormat: Text.StyledText
                                        wrapMode: Text.Wrap
                                    }
                                    function esc(s) {
                                        return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
                                    }
                                }
                            }
                            // How each run ends.
                            Flow {
                                width: calloutColumn.width
                                spacing: Theme.spacingLarge
                                Repeater {
                                    model: [[comparison.leftName, comparison.leftOutcome, comparison.leftViolated],
                                            [comparison.rightName, comparison.rightOutcome, comparison.rightViolated]]
                                    delegate: Label {
                                        required property var modelData
                                        width: Math.min(implicitWidth, calloutColumn.width)
                                        text: (modelData[2] ? "\u2716 " : "\u2713 ") + qsTr("%1 at the end: %2").arg(modelData[0]).arg(modelData[1])
                                        textFormat: Text.PlainText
                                        wrapMode: Text.Wrap
                                        font.bold: true
                                        color: modelData[2] ? Theme.danger : Theme.good
                                    }
                                }
                            }
                        }
                    }
                }
            }

            // ---- the stepper ----------------------------------------------------------------
            Flow {
                id: stepper
                objectName: "compareStepper"
                Layout.fillWidth: true
                spacing: Theme.spacingSmall
                TipButton { id: homeButton; text: "\u21E4 " + qsTr("Home"); tip: qsTr("The start (Home)"); onClicked: comparison.home() }
                TipButton { text: "\u25C0 " + qsTr("Back"); tip: qsTr("Back one step (Left, PageUp)"); onClicked: comparison.back() }
                Label {
                    objectName: "compareStep"
                    height: homeButton.height
                    verticalAlignment: Text.AlignVCenter
                    leftPadding: Theme.spacing
                    rightPadding: Theme.spacing
                    text: comparison.current === 0 ? qsTr("Before step 1 of %1").arg(comparison.count)
                                                   : qsTr("Step %1 of %2").arg(comparison.current).arg(comparison.count)
                    font.bold: true
                }
                TipButton { text: qsTr("Forward") + " \u25B6"; tip: qsTr("Forward one step (Right, PageDown)"); onClicked: comparison.forward() }
                TipButton { text: qsTr("End") + " \u21E5"; tip: qsTr("The last step (End)"); onClicked: comparison.end() }
                TipButton {
                    text: "\u2260 " + qsTr("Previous")
                    tip: qsTr("The previous step that differs (P)")
                    onClicked: comparison.previousDifference()
                }
                TipButton {
                    text: qsTr("Next") + " \u2260"
                    tip: qsTr("The next step that differs (N)")
                    onClicked: comparison.nextDifference()
                }
            }

            // ---- both runs, step by step | both runs' state at the step ---------------------
            SplitView {
                id: split
                objectName: "compareSplit"
                Layout.fillWidth: true
                Layout.fillHeight: true
                // Side by side when there is room for two readable columns, else stacked.
                orientation: width > Theme.fontBase * 60 ? Qt.Horizontal : Qt.Vertical

                // The steps: both runs in two columns, the differing rows marked.
                Rectangle {
                    SplitView.preferredWidth: split.orientation === Qt.Horizontal ? split.width * 0.58 : split.width
                    SplitView.preferredHeight: split.orientation === Qt.Vertical ? split.height * 0.55 : split.height
                    objectName: "compareStepsPane"
                    // Minimums that never add up to more than the split has: a pane pushed
                    // past its end would overlap what is below the view.
                    SplitView.minimumWidth: Math.min(Theme.fontBase * 20, split.width * 0.4)
                    SplitView.minimumHeight: Math.min(Theme.fontBase * 6, split.height * 0.4)
                    color: Theme.surface
                    border.color: Theme.frame
                    border.width: Theme.border
                    radius: Theme.radiusSmall

                    ColumnLayout {
                        anchors.fill: parent
                        anchors.margins: Theme.border
                        spacing: 0
                        // Column heads.
                        Row {
                            id: heads
                            Layout.fillWidth: true
                            readonly property real numberWidth: stepMetrics.width + 2 * Theme.spacing
                            readonly property real sideWidth: (width - numberWidth - 2 * Theme.spacing) / 2
                            TextMetrics {
                                id: stepMetrics
                                font.pixelSize: Theme.fontSmall
                                font.bold: true
                                text: "\u2260 0000 R10"
                            }
                            Label {
                                width: heads.numberWidth
                                padding: Theme.spacingSmall
                                text: qsTr("Step")
                                font.bold: true
                            }
                            Label {
                                width: heads.sideWidth + Theme.spacing
                                padding: Theme.spacingSmall
                                text: comparison.leftName
                                font.bold: true
                                elide: Text.ElideRight
                            }
                            Label {
                                width: heads.sideWidth + Theme.spacing
                                padding: Theme.spacingSmall
                                text: comparison.rightName
                                font.bold: true
                                elide: Text.ElideRight
                            }
                        }
                        Rectangle {
                            Layout.fillWidth: true
                            implicitHeight: Theme.hairline
                            color: Theme.frame
                        }
                        ListView {
                            id: steps
                            objectName: "compareSteps"
                            Layout.fillWidth: true
                            Layout.fillHeight: true
                            clip: true
                            focus: true
                            activeFocusOnTab: true
                            keyNavigationEnabled: false  // the stepper's keys, above
                            boundsBehavior: Flickable.StopAtBounds
                            model: comparison.rows
                            currentIndex: comparison.current - 1
                            highlightFollowsCurrentItem: false
                            onCurrentIndexChanged: if (currentIndex >= 0) positionViewAtIndex(currentIndex, ListView.Contain)
                            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }

                            delegate: Rectangle {
                                id: row
                                required property int index
                                required property int step
                                required property string thread
                                required property bool partStart
                                required property bool differs
                                required property string kinds
                                required property string leftKind
                                required property string leftAction
                                required property string leftWhere
                                required property var leftMoves
                                required property var leftVerdicts
                                required property string rightKind
                                required property string rightAction
                                required property string rightWhere
                                required property var rightMoves
                                required property var rightVerdicts
                                readonly property bool current: ListView.isCurrentItem
                                readonly property bool sameText: !differs && leftAction === rightAction

                                width: ListView.view.width
                                implicitHeight: Math.max(numberColumn.implicitHeight, leftCell.implicitHeight, rightCell.implicitHeight)
                                                + 2 * Theme.spacingSmall
                                color: current ? Theme.tint(Theme.accent) : differs ? Theme.tint(Theme.opBox, 0.08) : "transparent"

                                // A new part of the schedule (a run of one thread) starts: a hairline above.
                                Rectangle {
                                    visible: row.index > 0 && row.partStart
                                    width: parent.width
                                    height: Theme.hairline
                                    color: Theme.frame
                                    opacity: 0.5
                                }
                                Rectangle {
                                    visible: row.differs
                                    width: Theme.tagBar
                                    height: parent.height
                                    color: Theme.opBox
                                }
                                Rectangle {
                                    visible: row.current
                                    anchors.right: parent.right
                                    width: Theme.cursorWidth
                                    height: parent.height
                                    color: Theme.cursor
                                }
                                Column {
                                    id: numberColumn
                                    x: Theme.spacing
                                    y: Theme.spacingSmall
                                    width: heads.numberWidth - Theme.spacing
                                    Label {
                                        text: (row.differs ? "\u2260 " : "") + row.step
                                        font.bold: true
                                        font.pixelSize: Theme.fontSmall
                                    }
                                    Label {
                                        text: row.thread
                                        font.family: Theme.monoFamily
                                        font.pixelSize: Theme.fontSmall
                                        color: Theme.textMuted
                                    }
                                }
                                SideCell {
                                    id: leftCell
                                    x: heads.numberWidth
                                    y: Theme.spacingSmall
                                    width: heads.sideWidth
                                    kind: row.leftKind
                                    action: row.leftAction
                                    where: row.leftWhere
                                    moves: row.leftMoves
                                    verdicts: row.leftVerdicts
                                }
                                SideCell {
                                    id: rightCell
                                    x: heads.numberWidth + heads.sideWidth + 2 * Theme.spacing
                                    y: Theme.spacingSmall
                                    width: heads.sideWidth
                                    // A step both runs did alike is said once, on the left.
                                    opacity: row.sameText ? 0.45 : 1
                                    kind: row.rightKind
                                    action: row.sameText ? qsTr("same") : row.rightAction
                                    where: row.sameText ? "" : row.rightWhere
                                    moves: row.sameText ? [] : row.rightMoves
                                    verdicts: row.sameText ? [] : row.rightVerdicts
                                }
                                TapHandler {
                                    onTapped: {
                                        comparison.current = row.step
                                        steps.forceActiveFocus()
                                    }
                                }
                            }
                        }
                    }
                }

                // Both runs after the step looked at.
                ScrollView {
                    id: statePane
                    objectName: "compareState"
                    SplitView.fillWidth: true
                    SplitView.fillHeight: true
                    SplitView.minimumWidth: Math.min(Theme.fontBase * 16, split.width * 0.4)
                    SplitView.minimumHeight: Math.min(Theme.fontBase * 6, split.height * 0.4)
                    readonly property real clearWidth: availableWidth - (ScrollBar.vertical.visible ? ScrollBar.vertical.width : 0)
                    contentWidth: clearWidth
                    clip: true

                    Column {
                        id: statePanel
                        // Nothing to show without a comparison; the error above says why.
                        visible: comparison.count > 0
                        width: statePane.clearWidth
                        spacing: Theme.spacing
                        leftPadding: Theme.spacing
                        readonly property real inner: width - leftPadding
                        readonly property real nameWidth: inner * 0.34
                        readonly property real sideWidth: (inner - nameWidth) / 2

                        Flow {
                            width: statePanel.inner
                            spacing: Theme.spacing
                            Label {
                                height: onlyDiffering.height
                                verticalAlignment: Text.AlignVCenter
                                text: comparison.current === 0 ? qsTr("Before the first step")
                                                               : qsTr("After step %1").arg(comparison.current)
                                font.pixelSize: Theme.fontLarge
                                font.bold: true
                            }
                            Label {
                                objectName: "compareCurrentKinds"
                                height: onlyDiffering.height
                                verticalAlignment: Text.AlignVCenter
                                visible: comparison.currentDiffers
                                leftPadding: Theme.spacingSmall
                                rightPadding: Theme.spacingSmall
                                text: "\u2260 " + comparison.currentKinds
                                font.bold: true
                                background: Rectangle { color: Theme.tint(Theme.opBox); radius: Theme.radiusSmall }
                            }
                            CheckBox {
                                id: onlyDiffering
                                objectName: "compareOnlyDiffering"
                                text: qsTr("Only what differs")
                            }
                        }
                        // A run's violation so far, with the step that found it.
                        Repeater {
                            model: [comparison.left, comparison.right]
                            delegate: Label {
                                required property var modelData
                                visible: !!modelData.verdict
                                width: statePanel.inner
                                text: qsTr("%1: %2 (found at step %3)").arg(modelData.name).arg(modelData.verdict)
                                      .arg(modelData.verdictStep)
                                textFormat: Text.PlainText
                                wrapMode: Text.Wrap
                                font.bold: true
                                color: Theme.danger
                            }
                        }

                        // Threads: state badges side by side. Each run's own step count in the heads:
                        // lined up by program point, the runs take different numbers of steps.
                        Row {
                            Label { width: statePanel.nameWidth; text: qsTr("Thread"); font.bold: true }
                            Label {
                                width: statePanel.sideWidth
                                text: qsTr("%1, its step %2").arg(comparison.leftName).arg(comparison.left.step)
                                font.bold: true
                                elide: Text.ElideRight
                            }
                            Label {
                                width: statePanel.sideWidth
                                text: qsTr("%1, its step %2").arg(comparison.rightName).arg(comparison.right.step)
                                font.bold: true
                                elide: Text.ElideRight
                            }
                        }
                        Repeater {
                            model: comparison.threads
                            delegate: Row {
                                id: threadRow
                                required property var modelData
                                objectName: "compareThread_" + modelData.name
                                visible: !onlyDiffering.checked || modelData.differs
                                Label {
                                    width: statePanel.nameWidth
                                    text: (threadRow.modelData.differs ? "\u2260 " : "") + threadRow.modelData.name
                                    font.family: Theme.monoFamily
                                    font.bold: threadRow.modelData.differs
                                }
                                Repeater {
                                    model: ["left", "right"]
                                    delegate: Column {
                                        id: threadSide
                                        required property string modelData
                                        width: statePanel.sideWidth
                                        StateBadge { threadState: threadRow.modelData[threadSide.modelData] }
                                        Label {
                                            visible: text !== ""
                                            width: threadSide.width - Theme.spacing
                                            text: threadRow.modelData[threadSide.modelData + "Waiting"]
                                            textFormat: Text.PlainText
                                            wrapMode: Text.Wrap
                                            font.pixelSize: Theme.fontSmall
                                            color: Theme.textMuted
                                        }
                                    }
                                }
                            }
                        }

                        // Kernel fields, by name.
                        Row {
                            Label { width: statePanel.nameWidth; text: qsTr("Field"); font.bold: true }
                            Label { width: statePanel.sideWidth; text: comparison.leftName; font.bold: true; elide: Text.ElideRight }
                            Label { width: statePanel.sideWidth; text: comparison.rightName; font.bold: true; elide: Text.ElideRight }
                        }
                        Repeater {
                            model: comparison.values
                            delegate: Row {
                                id: valueRow
                                required property var modelData
                                objectName: "compareValue_" + modelData.name
                                visible: !onlyDiffering.checked || modelData.differs
                                Label {
                                    width: statePanel.nameWidth
                                    text: (valueRow.modelData.differs ? "\u2260 " : "") + valueRow.modelData.name
                                    font.family: Theme.monoFamily
                                    font.pixelSize: Theme.fontSmall
                                    font.bold: valueRow.modelData.differs
                                    wrapMode: Text.WrapAnywhere
                                }
                                SideValue {
                                    width: statePanel.sideWidth - Theme.spacingSmall
                                    text: valueRow.modelData.left
                                    detail: valueRow.modelData.leftDetail
                                    changed: valueRow.modelData.leftChanged
                                    differs: valueRow.modelData.differs
                                    missing: valueRow.modelData.leftMissing
                                }
                                Item { width: Theme.spacingSmall; height: 1 }
                                SideValue {
                                    width: statePanel.sideWidth - Theme.spacingSmall
                                    text: valueRow.modelData.right
                                    detail: valueRow.modelData.rightDetail
                                    changed: valueRow.modelData.rightChanged
                                    differs: valueRow.modelData.differs
                                    missing: valueRow.modelData.rightMissing
                                }
                            }
                        }
                    }
                }
            }

            Label {
                Layout.fillWidth: true
                // Only where it leaves the steps their room; the buttons' tooltips and F1 say it too.
                visible: scope.height > Theme.fontBase * 44
                text: qsTr("Keys: Left/Right or PageUp/PageDown step · Home/End · N/P next/previous difference · Escape closes. ≠ marks a step or value that differs; an underlined value was written by the step.")
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontSmall
                color: Theme.textMuted
            }
        }
    }
}
