import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQml.Models
import Lockstep

// The lab: choose what runs at the top, step the threads in their lanes, watch the shared
// state on the right and the history in the timeline below. Every action has a key.
Page {
    id: root

    required property Session session
    // The lesson player, when the window has one (the lab also runs without).
    property LessonPlayer player: null
    // Presenter mode: the lab large, the narration as captions, the controls out of the way.
    property bool presenting: false

    signal presenterExitRequested()

    readonly property bool lessonOpen: player !== null && player.current >= 0
    // A lesson is being played: the clicker keys (PageDown, PageUp, arrows, Space) move its
    // script; otherwise, and while exploring, they keep the lab's meaning.
    readonly property bool scripted: lessonOpen && !player.exploring
    readonly property var highlight: lessonOpen ? player.highlight : []

    // Advances lane `index` (keys 1 to 9 and the lanes' Step buttons). Stepping a thread by
    // hand during a lesson leaves its script to explore.
    // A digit steps a lane. Inside a lesson's script it would leave the script, so it asks
    // first: the same digit again (or Enter) leaves and steps, Escape stays.
    property int pendingLane: -1
    function stepLane(index) {
        if (index >= lanes.count)
            return
        if (root.scripted && root.player.challenge < 0) {
            if (root.pendingLane !== index) {
                root.pendingLane = index
                return
            }
            root.player.explore()
        }
        root.pendingLane = -1
        root.session.stepThread(index)
    }
    // A prediction waiting for its answer, which keys give: a letter, or arrows then Enter.
    readonly property bool predicting: root.lessonOpen && root.player.predictQuestion !== ""
                                       && root.player.predictAnswered < 0 && !root.player.exploring
    property int selectedChoice: 0
    Connections {
        target: root.player
        ignoreUnknownSignals: true
        function onPredictQuestionChanged() { root.selectedChoice = 0 }
    }
    function openLibrary() {
        if (root.player !== null)
            library.open()
    }

    // Also set by the window; repeated here so the page reads the same wherever it is shown.
    font.pixelSize: Theme.fontBase
    background: Rectangle { color: Theme.window }

    header: TopBar {
        id: topBar
        visible: !root.presenting
        session: root.session
    }

    ColumnLayout {
        anchors.fill: parent
        // Presenter mode: the lanes stay above the captions.
        anchors.bottomMargin: root.presenting ? presenterOverlay.captionSpace : 0
        spacing: 0

        RowLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            Loader {
                id: lessonPanel
                active: root.lessonOpen && !root.presenting
                visible: active
                Layout.preferredWidth: Math.max(Math.min(Theme.lessonPanelWidth, root.width * 0.3),
                                                Math.min(Theme.lessonPanelMinWidth, root.width * 0.4))
                Layout.fillHeight: true
                sourceComponent: LessonPanel {
                    objectName: "lessonPanel"
                    player: root.player
                    selectedChoice: root.predicting ? root.selectedChoice : -1
                    onLibraryRequested: root.openLibrary()
                }
            }

            ColumnLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                Layout.margins: Theme.spacing
                spacing: Theme.spacing

                // A digit pressed inside the script: say what another press would do.
                Rectangle {
                    objectName: "leaveScriptNotice"
                    visible: root.pendingLane >= 0
                    Layout.fillWidth: true
                    implicitHeight: visible ? leaveText.implicitHeight + 2 * Theme.padding : 0
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.accent
                    border.width: Theme.borderStrong
                    Label {
                        id: leaveText
                        x: Theme.padding
                        y: Theme.padding
                        width: parent.width - 2 * Theme.padding
                        wrapMode: Text.Wrap
                        text: root.pendingLane >= 0 && root.pendingLane < lanes.count
                              ? qsTr("You are following the lesson. Press %1 again (or Enter) to leave the script and step %2 yourself; \"Back to the lesson\" returns to where you were. Escape stays in the script.")
                                    .arg(root.pendingLane + 1).arg(root.session.threads.nameAt(root.pendingLane))
                              : ""
                    }
                }

                VerdictBanner {
                    objectName: "verdictBanner"
                    Layout.fillWidth: true
                    session: root.session
                }

                ListView {
                    id: lanes
                    objectName: "lanes"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    spacing: Theme.spacing
                    boundsBehavior: Flickable.StopAtBounds
                    // A handful of lanes: build them as they scroll in, never ahead in the
                    // background (a scenario switch cancelled such builds with a warning).
                    cacheBuffer: 0
                    model: root.session.threads
                    ScrollBar.vertical: ScrollBar {}

                    // Share the height among the lanes, so every thread is on screen when it
                    // fits and each shows as much source as it can.
                    readonly property real share: count > 0 ? (height - spacing * (count - 1)) / count : height

                    // A deadlock's wait-for cycle, drawn from lane to lane (in the content, so
                    // it scrolls with the lanes).
                    CycleArrows {
                        objectName: "cycleArrows"
                        z: 10
                        visible: root.session.cycleLinks.length > 0
                        lanes: lanes
                        links: root.session.cycleLinks
                    }

                    delegate: ThreadLane {
                        required property int index
                        required property var model

                        width: lanes.width
                        height: Math.max(implicitHeight, lanes.share)
                        laneIndex: index
                        name: model.name
                        threadState: model.state
                        stateText: model.stateText
                        canRun: model.canRun
                        inRcu: model.inRcu
                        stackText: model.stackText
                        nextOp: model.nextOp
                        waitingFor: model.waitingFor
                        locksHeld: model.locksHeld
                        involved: model.involved
                        sourceLines: model.sourceLines
                        taskFlags: model.taskFlags
                        kernelState: model.kernelState
                        kernelStateText: model.kernelStateText
                        signalPending: model.signalPending
                        memdie: model.memdie
                        emphasized: root.highlight.indexOf("lane:" + model.name) >= 0
                        onStepRequested: root.stepLane(index)
                    }
                }
            }

            SharedStatePanel {
                objectName: "sharedState"
                // At a large zoom on a small screen the lanes keep most of the width.
                Layout.preferredWidth: Math.max(Math.min(Theme.sidePanelWidth, root.width * 0.38),
                                                Math.min(Theme.sidePanelMinWidth, root.width * 0.5))
                Layout.fillHeight: true
                session: root.session
                highlight: root.highlight
            }
        }

        TransportBar {
            visible: !root.presenting
            Layout.fillWidth: true
            session: root.session
        }
        Timeline {
            objectName: "timeline"
            visible: !root.presenting
            Layout.fillWidth: true
            Layout.leftMargin: Theme.spacing
            Layout.rightMargin: Theme.spacing
            session: root.session
        }
        SchedulePanel {
            id: schedulePanel
            visible: !root.presenting
            Layout.fillWidth: true
            session: root.session
        }
    }

    PresenterOverlay {
        id: presenterOverlay
        objectName: "presenterOverlay"
        anchors.fill: parent
        visible: root.presenting
        player: root.player
        onExitRequested: root.presenterExitRequested()
        onLibraryRequested: root.openLibrary()
    }

    LessonLibrary {
        id: library
        player: root.player
    }

    // ---- keys ----------------------------------------------------------------------------
    // Text fields take the keys they type with before these shortcuts see them.
    Instantiator {
        model: 9
        delegate: Shortcut {
            required property int index
            sequence: String(index + 1)
            onActivated: root.stepLane(index)
        }
    }
    Shortcut {
        sequence: "Backspace"
        onActivated: root.session.back()
    }
    Shortcut {
        sequence: "Left"
        enabled: !root.scripted
        onActivated: root.session.back()
    }
    Shortcut {
        sequence: "Right"
        enabled: !root.scripted
        onActivated: root.session.forward()
    }
    // The lesson's script: what a presentation clicker sends. While a prediction waits, the
    // arrows move between its choices and Enter or Space answers; a letter answers at once.
    Shortcut {
        sequences: ["PgDown", "Right", "Space"]
        enabled: root.scripted && !root.predicting
        // At the end of a lesson the clicker goes on to the next one.
        onActivated: root.player.atEnd ? root.player.openNext() : root.player.next()
    }
    Shortcut {
        sequences: ["PgUp", "Left"]
        enabled: root.scripted && !root.predicting
        onActivated: root.player.previous()
    }
    Shortcut {
        sequences: ["Down", "Right"]
        enabled: root.predicting
        onActivated: root.selectedChoice = (root.selectedChoice + 1) % root.player.predictChoices.length
    }
    Shortcut {
        sequences: ["Up", "Left"]
        enabled: root.predicting
        onActivated: root.selectedChoice = (root.selectedChoice + root.player.predictChoices.length - 1)
                                           % root.player.predictChoices.length
    }
    Shortcut {
        sequences: ["Return", "Enter", "Space"]
        enabled: root.predicting
        onActivated: root.player.answer(root.selectedChoice)
    }
    // PageUp still goes back while a question waits (a clicker has no other way back).
    Shortcut {
        sequence: "PgUp"
        enabled: root.predicting
        onActivated: root.player.previous()
    }
    Instantiator {
        model: 6
        delegate: Shortcut {
            required property int index
            sequence: String.fromCharCode(65 + index)
            enabled: root.predicting && index < root.player.predictChoices.length
            onActivated: root.player.answer(index)
        }
    }
    // A digit inside the script asks before it leaves; the same digit or Enter confirms.
    Shortcut {
        sequences: ["Return", "Enter"]
        enabled: root.pendingLane >= 0 && !root.predicting
        onActivated: {
            root.player.explore()
            const lane = root.pendingLane
            root.pendingLane = -1
            root.session.stepThread(lane)
        }
    }
    Shortcut {
        sequence: "Escape"
        enabled: root.pendingLane >= 0
        onActivated: root.pendingLane = -1
    }
    Shortcut {
        sequence: "Ctrl+O"
        enabled: root.player !== null
        onActivated: root.openLibrary()
    }
    Shortcut {
        sequence: "Home"
        onActivated: root.session.home()
    }
    Shortcut {
        sequence: "End"
        onActivated: root.session.end()
    }
    Shortcut {
        sequence: "Ctrl+R"
        onActivated: root.session.reset()
    }
    Shortcut {
        sequence: "Space"
        enabled: !root.scripted
        onActivated: root.session.playing = !root.session.playing
    }
    Shortcut {
        sequence: "]"
        onActivated: root.session.speed = Math.min(60, root.session.speed + 1)
    }
    Shortcut {
        sequence: "["
        onActivated: root.session.speed = Math.max(1, root.session.speed - 1)
    }
    Shortcut {
        sequence: "O"
        onActivated: root.session.randomOrder = !root.session.randomOrder
    }
    Shortcut {
        sequence: "V"
        enabled: root.session.hasViolation
        onActivated: root.session.goTo(root.session.verdictStep)
    }
    Shortcut {
        sequence: "S"
        onActivated: topBar.switchesOpen = !topBar.switchesOpen
    }
    Shortcut {
        sequence: "Ctrl+Shift+C"
        onActivated: root.session.copyScheduleToClipboard()
    }
    Shortcut {
        sequence: "Ctrl+L"
        onActivated: schedulePanel.editSchedule()
    }
    Shortcut {
        sequence: "Ctrl+F"
        enabled: !root.session.checker.running && (root.player === null || root.player.searchAllowed)
        onActivated: root.session.findViolation()
    }
    Shortcut {
        sequence: "Escape"
        enabled: root.session.checker.running
        onActivated: root.session.checker.cancel()
    }
}
