import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// The run as text, in the CLI's schedule syntax ("R1*4 W*17 R1*5"): shown while it grows, to
// copy into a lesson or a bug report; paste or edit one and Replay it. Beside it, "Run until"
// and the exhaustive search for a schedule that breaks the current variant; below, a line for
// what they report.
Pane {
    id: root

    required property Session session
    // The lesson player, when the window has one: moving the run from here leaves its script.
    property LessonPlayer player: null

    // A replay or a run-until moves the run the lesson's script was playing: like a step by
    // hand, it leaves the script (its banner offers the way back). A challenge is played here.
    function leaveScript() {
        if (root.player !== null && root.player.current >= 0 && !root.player.exploring && root.player.challenge < 0)
            root.player.explore()
    }

    // Put the caret in the schedule field (Ctrl+L).
    function editSchedule() {
        field.forceActiveFocus()
        field.selectAll()
    }
    function replay() {
        root.leaveScript()
        // An untouched field may show only the schedule's end; the run's own schedule is whole.
        if (root.session.replaySchedule(field.edited ? field.text : root.session.schedule) === "") {
            field.edited = false
            sync()
        }
    }
    // The field follows the run until the person types; then it holds their text until
    // Replay (or Escape) hands it back to the run.
    function sync() {
        if (!field.edited)
            field.text = field.activeFocus ? root.session.schedule : tail(root.session.schedule)
    }
    // The schedule grows with the run (tens of thousands of characters after 10,000 steps), and
    // laying out the whole of it took a frame's time and more. Out of focus, the field shows its
    // last words after "…", which is what a person watching the run reads; in focus, to edit
    // or select it, the whole schedule.
    readonly property int tailLength: 240
    function tail(schedule) {
        if (schedule.length <= tailLength)
            return schedule
        const cut = schedule.indexOf(" ", schedule.length - tailLength)
        return "\u2026 " + schedule.slice(cut + 1)
    }
    // So also during auto-play the field catches up a few times a second rather than on every
    // step.
    Connections {
        target: root.session
        function onStepChanged() {
            if (!root.session.playing)
                root.sync()
            else if (!catchUp.running)
                catchUp.start()
        }
        function onPlayingChanged() {
            if (!root.session.playing)
                root.sync()
        }
    }
    Timer {
        id: catchUp
        interval: 250
        onTriggered: root.sync()
    }
    Component.onCompleted: sync()

    padding: Theme.spacing
    background: Rectangle { color: Theme.surfaceAlt }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacingSmall

        // The schedule, "Run until" and the search: one line when they fit (1280 pixels wide at
        // zoom 1), else the schedule above the other two, else (a large zoom) one line each.
        GridLayout {
            id: controls
            objectName: "scheduleControls"
            Layout.fillWidth: true
            columnSpacing: Theme.spacingLarge
            rowSpacing: Theme.spacingSmall
            // Decided on the pane's width, which the page sets, never on the grid's own.
            readonly property real room: root.availableWidth
            readonly property real rest: runUntil.implicitWidth + findGroup.implicitWidth + columnSpacing
            columns: room >= scheduleGroup.Layout.minimumWidth + rest + columnSpacing ? 3 : room >= rest ? 2 : 1

            RowLayout {
                id: scheduleGroup
                Layout.fillWidth: true
                Layout.columnSpan: controls.columns === 2 ? 2 : 1
                // The field keeps room for a few tokens; beyond that it scrolls.
                Layout.minimumWidth: implicitWidth - field.implicitWidth + Theme.fieldWidth / 2
                spacing: Theme.spacing
                Label {
                    text: qsTr("Schedule")
                    font.bold: true
                }
                TextField {
                    id: field
                    objectName: "scheduleField"
                    Layout.fillWidth: true
                    property bool edited: false
                    font.family: Theme.monoFamily
                    // A frame that shows in every theme, high contrast included.
                    background: Rectangle {
                        implicitHeight: Theme.fontBase * 2
                        color: Theme.surface
                        border.color: field.activeFocus ? Theme.accent : Theme.frame
                        border.width: field.activeFocus ? Theme.underline : Theme.border
                        radius: Theme.radiusSmall
                    }
                    placeholderText: qsTr("e.g. R1*4 W*16 R1*5")
                    selectByMouse: true
                    onActiveFocusChanged: root.sync()
                    onTextEdited: {
                        edited = true
                        root.session.clearError()
                    }
                    onAccepted: root.replay()
                    // Escape gives the text back to the run and the keys back to the lanes.
                    Keys.onEscapePressed: {
                        edited = false
                        focus = false
                        root.session.clearError()
                        root.sync()
                    }
                    ToolTip.visible: Theme.tipsOnHover && hovered
                    ToolTip.delay: Theme.toolTipDelay
                    ToolTip.text: qsTr("The choices of this run, one thread name per step (R1*4 = four steps of R1). Edit or paste one and press Enter or Replay (Ctrl+L to focus, Escape to restore)")
                }
                Pill {
                    visible: field.edited
                    text: qsTr("edited")
                    glyph: "\u270E"
                    tone: Theme.accent
                }
                TipButton {
                    objectName: "copyButton"
                    text: qsTr("Copy")
                    tip: qsTr("Copy the schedule of this run to the clipboard (Ctrl+Shift+C)")
                    onClicked: root.session.copyScheduleToClipboard()
                }
                TipButton {
                    objectName: "replayButton"
                    text: "\u21BB " + qsTr("Replay")
                    highlighted: field.edited
                    enabled: field.text.trim() !== ""
                    tip: qsTr("Run the schedule in the field from step 0 (Enter in the field)")
                    onClicked: root.replay()
                }
            }

            RunUntilBar {
                id: runUntil
                objectName: "runUntil"
                session: root.session
                onAboutToRun: root.leaveScript()
            }

            RowLayout {
                id: findGroup
                // On a line of its own or with "Run until", the last column takes the width
                // left over (the filler at its end), so the schedule above, spanning both,
                // reaches the edge.
                Layout.fillWidth: controls.columns < 3
                spacing: Theme.spacing
                TipButton {
                    objectName: "findButton"
                    text: qsTr("Find a violation")
                    // A challenge may forbid the search (its lesson, or the exam mode): the window's player says.
                    enabled: !root.session.checker.running && (root.Window.window?.player?.searchAllowed ?? true)
                    tip: qsTr("Search every interleaving of this configuration for the shortest one that breaks it; it is then replayed here (Ctrl+F)")
                    onClicked: root.session.findViolation()
                }
                BusyIndicator {
                    visible: root.session.checker.running
                    running: visible
                    Layout.preferredHeight: Theme.fontBase * 2
                    Layout.preferredWidth: Theme.fontBase * 2
                }
                TipButton {
                    objectName: "cancelButton"
                    visible: root.session.checker.running
                    text: qsTr("Cancel")
                    tip: qsTr("Stop the search (Escape)")
                    onClicked: root.session.checker.cancel()
                }
                Item {
                    visible: controls.columns < 3
                    Layout.fillWidth: true
                }
            }
        }

        // What the controls have to say, one line each and only while there is something: the
        // last problem, how a run-until went, the search's progress or result.
        Label {
            objectName: "scheduleError"
            Layout.fillWidth: true
            visible: root.session.error !== ""
            text: "\u26A0 " + root.session.error
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.danger
            font.bold: true
        }
        Label {
            objectName: "untilNote"
            Layout.fillWidth: true
            visible: runUntil.note !== "" && root.session.error === ""
            text: runUntil.note
            textFormat: Text.PlainText
            elide: Text.ElideRight
            color: Theme.textMuted
        }
        Label {
            objectName: "checkProgress"
            Layout.fillWidth: true
            visible: root.session.checker.running
            text: qsTr("searching: %1").arg(root.session.checker.progressText)
            elide: Text.ElideRight
            // The whole line when a narrow panel cuts its tail (the estimate and memory).
            ToolTip.visible: progressHover.hovered && truncated
            ToolTip.text: text
            HoverHandler { id: progressHover }
        }
        Label {
            objectName: "checkResult"
            Layout.fillWidth: true
            visible: !root.session.checker.running && root.session.checker.resultText !== ""
            text: root.session.checker.resultText
            textFormat: Text.PlainText
            elide: Text.ElideRight
            ToolTip.visible: Theme.tipsOnHover && resultHover.hovered && truncated
            ToolTip.text: text
            HoverHandler { id: resultHover }
        }
    }
}
