import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import QtQml.Models
import Qt.labs.settings
import Lockstep

// The lab: choose what runs at the top, step the threads in their lanes, watch the shared
// state on the right and the history in the timeline below. Every action has a key.
Page {
    id: root

    required property Session session
    // The lesson player, when the window has one (the lab also runs without).
    property LessonPlayer player: null
    // Presenter mode: the lab large, the narration as captions under the lanes, the controls in
    // a strip of their own.
    property bool presenting: false

    signal presenterExitRequested()
    // The view bar's "Compare variants…": the window opens the comparison on this run.
    signal compareRequested()

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

    // ---- panes -----------------------------------------------------------------------------
    // The lesson, the lanes, the timeline and the shared state are panes of split views: each
    // can be resized by its handle and hidden (the view bar's toggles, the View menu, T for the
    // timeline), and their sizes are kept across launches. Sizes are kept in units of zoom 1,
    // so a pane keeps its share of the text when the zoom changes.
    Settings {
        id: layoutSettings
        category: "layout"
        property bool showLesson: true
        property bool showShared: true
        property bool showTimeline: true
        property bool presenterTimeline: false
        // "auto", "full", "compact" or "line" (see ThreadLane's density).
        property string laneDensity: "auto"
        property real lessonWidth: 0     // 0: the default for the window's width
        property real sharedWidth: 0
        property real timelineHeight: 0
    }
    property alias showLesson: layoutSettings.showLesson
    property alias showShared: layoutSettings.showShared
    property alias laneDensity: layoutSettings.laneDensity
    readonly property bool showTimeline: presenting ? layoutSettings.presenterTimeline : layoutSettings.showTimeline
    function toggleTimeline() {
        if (presenting)
            layoutSettings.presenterTimeline = !layoutSettings.presenterTimeline
        else
            layoutSettings.showTimeline = !layoutSettings.showTimeline
    }
    readonly property var laneDensities: ["auto", "full", "compact", "line"]
    function nextLaneDensity() {
        laneDensity = laneDensities[(laneDensities.indexOf(laneDensity) + 1) % laneDensities.length]
    }

    // The smallest a side pane gets by default: a few words of its text.
    readonly property real minimumPane: Theme.fontBase * 12
    // A kept size (in zoom-1 units) or the default, within [least, whole * maxFraction].
    function paneSize(saved, fallback, least, maxFraction, whole) {
        const size = saved > 0 ? saved * Theme.zoom : fallback
        return Math.max(least, Math.min(size, whole * maxFraction))
    }
    // A window too narrow for the panes side by side (a large zoom on a small screen: under 600
    // px at zoom 1, e.g. 1280x720 at zoom 2.5) stacks them instead: the lesson, then the lanes
    // with the timeline, then the shared state, each as wide as the window and about as tall as
    // it, in the page that scrolls. Side by side, each would be a few words wide.
    readonly property bool stacked: width > 0 && width < Theme.fontBase * 37.5
    // Each stacked pane's height: the window's (the lesson a little less, so the lanes show
    // under it).
    readonly property real stackedPaneHeight: Math.max(leastPaneRoom, pageScroll.height)
    readonly property real stackedHeight: (lessonPane.visible ? stackedPaneHeight * 0.8 + mainSplit.handleSize : 0)
                                          + stackedPaneHeight
                                          + (sharedPane.visible ? stackedPaneHeight + mainSplit.handleSize : 0)
    onStackedChanged: Qt.callLater(applySizes)

    function applySizes() {
        if (stacked) {
            lessonPane.SplitView.preferredHeight = stackedPaneHeight * 0.8
            sharedPane.SplitView.preferredHeight = stackedPaneHeight
            timelinePane.SplitView.preferredHeight = Math.min(timeline.implicitHeight, stackedPaneHeight * 0.3)
            return
        }
        const side = Math.min(minimumPane, width * 0.25)
        lessonPane.SplitView.preferredWidth = paneSize(layoutSettings.lessonWidth,
                                                       Math.min(Theme.lessonPanelWidth, width * 0.28), side, 0.45, width)
        sharedPane.SplitView.preferredWidth = paneSize(layoutSettings.sharedWidth,
                                                       Math.min(Theme.sidePanelWidth, width * (presenting ? 0.36 : 0.3)),
                                                       side, 0.5, width)
        timelinePane.SplitView.preferredHeight = paneSize(layoutSettings.timelineHeight,
                                                          Math.min(timeline.implicitHeight, centerSplit.height * 0.3),
                                                          timelinePane.SplitView.minimumHeight, 0.6, centerSplit.height)
    }
    function keepSizes() {
        // Stacked panes are as wide as the window: nothing to keep for side by side.
        if (stacked)
            return
        if (lessonPane.visible)
            layoutSettings.lessonWidth = lessonPane.width / Theme.zoom
        if (sharedPane.visible)
            layoutSettings.sharedWidth = sharedPane.width / Theme.zoom
        if (timelinePane.visible)
            layoutSettings.timelineHeight = timelinePane.height / Theme.zoom
    }
    onWidthChanged: applySizes()
    Connections {
        target: Theme
        function onZoomChanged() { Qt.callLater(root.applySizes) }
    }
    Component.onCompleted: applySizes()

    // The lane a step or a lesson names is scrolled into view (all eight may not fit).
    function revealLane(index) {
        if (index >= 0 && index < lanes.count)
            lanes.positionViewAtIndex(index, ListView.Contain)
    }
    function laneOfName(name) {
        for (let i = 0; i < lanes.count; ++i)
            if (root.session.threads.nameAt(i) === name)
                return i
        return -1
    }
    // The lane a lesson names wins over the lane of the step just taken: the narration is
    // about it.
    function revealFocus() {
        for (const h of highlight)
            if (h.startsWith("lane:")) {
                revealLane(laneOfName(h.substring(5)))
                return
            }
        const step = root.session.step
        const events = root.session.events
        if (step > 0 && step <= events.rowCount())
            revealLane(events.data(events.index(step - 1, 0), EventModel.ThreadRole))
    }
    Connections {
        target: root.session
        function onStepChanged() { root.revealLaneSoon() }
    }
    onHighlightChanged: revealLaneSoon()
    // After the lanes have taken their new heights (a step, captions that grow for a
    // question): positioned before that, a lane at the bottom ended up half out of view. For
    // a moment after, lanes that still change height (words rewrapped) reveal it again; later
    // changes are the student scrolling, which a reveal must not undo.
    property double laneSettleUntil: 0
    function revealLaneSoon() {
        laneSettleUntil = Date.now() + 600
        laneReveal.restart()
    }
    function laneResized() {
        if (Date.now() < laneSettleUntil && !lanes.moving)
            laneReveal.restart()
    }
    Timer {
        id: laneReveal
        interval: 50
        onTriggered: root.revealFocus()
    }

    // Presenter mode's blank screen (B or . on a clicker): the class looks at the teacher. The
    // same key, or any clicker key, brings the lab back where it was.
    property bool blanked: false
    onPresentingChanged: {
        if (!presenting)
            blanked = false
        Qt.callLater(applySizes)
    }

    // The page scrolls only when the window is too short for its strips and the least room
    // the panes need (a large zoom on a small screen): then nothing overlaps, and all of it
    // is reachable. Otherwise it fits exactly and nothing scrolls. Once it scrolls, the panes
    // take the window's whole height: scrolled to them, they fill the screen, and the strips
    // above and below are a scroll away.
    readonly property real leastPaneRoom: Theme.fontBase * 20
    readonly property real stripsHeight: (topBar.visible ? topBar.implicitHeight : 0)
                                         + (presenterBar.visible ? presenterBar.implicitHeight : 0)
                                         + (transportBar.visible ? transportBar.implicitHeight : 0)
                                         + (schedulePanel.visible ? schedulePanel.implicitHeight : 0)
    Flickable {
        id: pageScroll
        objectName: "pageScroll"
        anchors.fill: parent
        contentWidth: width
        contentHeight: root.stacked ? root.stripsHeight + root.stackedHeight
                       : root.stripsHeight + root.leastPaneRoom <= height ? height
                       : root.stripsHeight + Math.max(root.leastPaneRoom, height)
        interactive: contentHeight > height
        boundsBehavior: Flickable.StopAtBounds
        clip: true
        ScrollBar.vertical: ScrollBar { policy: pageScroll.interactive ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff }

    ColumnLayout {
        width: pageScroll.width
        height: pageScroll.contentHeight
        spacing: 0

        TopBar {
            id: topBar
            visible: !root.presenting
            Layout.fillWidth: true
            session: root.session
        }

        PresenterBar {
            id: presenterBar
            objectName: "presenterControls"
            visible: root.presenting
            Layout.fillWidth: true
            player: root.player
            timelineShown: root.showTimeline
            onExitRequested: root.presenterExitRequested()
            onLibraryRequested: root.openLibrary()
            onTimelineToggled: root.toggleTimeline()
        }

        SplitView {
            id: mainSplit
            objectName: "mainSplit"
            Layout.fillWidth: true
            Layout.fillHeight: true
            orientation: root.stacked ? Qt.Vertical : Qt.Horizontal
            onResizingChanged: if (!resizing) root.keepSizes()
            readonly property real handleSize: Theme.spacingSmall

            Loader {
                id: lessonPane
                objectName: "lessonPane"
                active: root.lessonOpen && !root.presenting && root.showLesson
                visible: active
                SplitView.minimumWidth: Math.min(root.minimumPane, root.width * 0.25)
                clip: true
                sourceComponent: LessonPanel {
                    objectName: "lessonPanel"
                    // The split view sizes the Loader; the panel follows it exactly.
                    width: lessonPane.width
                    height: lessonPane.height
                    player: root.player
                    selectedChoice: root.predicting ? root.selectedChoice : -1
                    onLibraryRequested: root.openLibrary()
                }
            }

            SplitView {
                id: centerSplit
                objectName: "centerSplit"
                SplitView.fillWidth: true
                SplitView.fillHeight: true  // stacked
                SplitView.minimumWidth: root.minimumPane
                orientation: Qt.Vertical
                onResizingChanged: if (!resizing) root.keepSizes()
                // The timeline's default height depends on the room there is.
                onHeightChanged: if (layoutSettings.timelineHeight <= 0) root.applySizes()

                ColumnLayout {
                    id: lanesPane
                    objectName: "lanesPane"
                    SplitView.fillHeight: true
                    SplitView.minimumHeight: Theme.fontBase * 6
                    spacing: Theme.spacingSmall

                    ViewBar {
                        objectName: "viewBar"
                        visible: !root.presenting
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.spacing
                        Layout.rightMargin: Theme.spacing
                        Layout.topMargin: Theme.spacingSmall
                        page: root
                    }

                    // A digit pressed inside the script: say what another press would do.
                    Rectangle {
                        objectName: "leaveScriptNotice"
                        visible: root.pendingLane >= 0
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.spacing
                        Layout.rightMargin: Theme.spacing
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
                        // The lanes it speaks of keep most of the pane.
                        maximumHeight: lanesPane.height * 0.4
                        Layout.leftMargin: Theme.spacing
                        Layout.rightMargin: Theme.spacing
                        session: root.session
                    }

                    ListView {
                        id: lanes
                        objectName: "lanes"
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        Layout.leftMargin: Theme.spacing
                        Layout.rightMargin: Theme.spacing
                        Layout.bottomMargin: Theme.spacingSmall
                        clip: true
                        spacing: Theme.spacingSmall
                        boundsBehavior: Flickable.StopAtBounds
                        // A handful of lanes: build them as they scroll in, never ahead in the
                        // background (a scenario switch cancelled such builds with a warning).
                        cacheBuffer: 0
                        model: root.session.threads
                        ScrollBar.vertical: ScrollBar {}
                        highlightMoveDuration: Theme.durationScroll
                        // Captions that grow for a question shrink the lanes: keep the focus in view.
                        onHeightChanged: root.revealLaneSoon()
                        // Lanes above the one revealed that change height afterwards (a step
                        // rewraps their words) would move it: reveal it again then.
                        onContentHeightChanged: root.laneResized()
                        onOriginYChanged: root.laneResized()

                        // Share the height among the lanes, so every thread is on screen when it
                        // fits and each shows as much source as it can.
                        readonly property real share: count > 0 ? (height - spacing * (count - 1)) / count : height
                        // "auto" keeps full lanes while each gets room for its details and a few
                        // lines of source, and compact ones (that scroll) beyond that.
                        readonly property string density: root.laneDensity !== "auto" ? root.laneDensity
                                                          : share >= Theme.fontBase * 8 ? "full" : "compact"

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
                            height: density === "line" ? implicitHeight : Math.max(implicitHeight, lanes.share)
                            density: lanes.density
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
                            outcomes: model.outcomes
                            outcomeKind: model.outcomeKind
                            emphasized: root.highlight.indexOf("lane:" + model.name) >= 0
                            onStepRequested: root.stepLane(index)
                        }
                    }

                    PresenterCaptions {
                        id: captions
                        objectName: "presenterCaptions"
                        visible: root.presenting && root.lessonOpen
                        Layout.fillWidth: true
                        Layout.leftMargin: Theme.spacing
                        Layout.rightMargin: Theme.spacing
                        Layout.bottomMargin: Theme.spacing
                        Layout.preferredHeight: implicitHeight
                        // A question takes its own room: the words keep theirs beside it.
                        maximumHeight: Math.min(Theme.captionMaxHeight + fixedHeight,
                                                root.height * (fixedHeight > 0 ? 0.6 : 0.4))
                        player: root.player
                        selectedChoice: root.predicting ? root.selectedChoice : -1
                    }
                }

                // The timeline scrolls up and down when its pane is shorter than its rows.
                Flickable {
                    id: timelinePane
                    objectName: "timelinePane"
                    visible: root.showTimeline
                    SplitView.minimumHeight: Theme.timelineRuler + 2 * Theme.timelineRow
                    clip: true
                    // Only a timeline taller than its pane scrolls: a fitting one keeps every
                    // press for its own clicks and drags.
                    interactive: contentHeight > height
                    contentWidth: width
                    contentHeight: timeline.height
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollBar.vertical: ScrollBar {}
                    Timeline {
                        id: timeline
                        objectName: "timeline"
                        x: Theme.spacing
                        width: timelinePane.width - 2 * Theme.spacing
                        height: Math.max(implicitHeight, timelinePane.height)
                        session: root.session
                    }
                }
            }

            SharedStatePanel {
                id: sharedPane
                objectName: "sharedState"
                visible: root.showShared
                SplitView.minimumWidth: Math.min(root.minimumPane, root.width * 0.25)
                session: root.session
                highlight: root.highlight
                onExplainRequested: graphPanel.open()
            }
        }

        TransportBar {
            id: transportBar
            visible: !root.presenting
            Layout.fillWidth: true
            session: root.session
        }
        SchedulePanel {
            id: schedulePanel
            visible: !root.presenting
            Layout.fillWidth: true
            session: root.session
            player: root.player
        }
    }
    }

    // The blank screen covers everything on purpose (the one thing that may).
    Rectangle {
        objectName: "blankScreen"
        anchors.fill: parent
        visible: root.blanked
        color: "black"
        z: 100
        MouseArea {
            anchors.fill: parent
            onClicked: root.blanked = false
        }
    }

    LessonLibrary {
        id: library
        player: root.player
    }

    GraphPanel {
        id: graphPanel
        session: root.session
        x: Math.round(root.width * 0.04)
        y: Math.round(root.height * 0.06)
        width: Math.round(root.width * (root.showShared ? 0.64 : 0.92))
        height: Math.round(root.height * 0.86)
    }
    function toggleGraph() {
        graphPanel.visible ? graphPanel.close() : graphPanel.open()
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
    // Presenting, captions longer than their room are paged through first.
    Shortcut {
        sequences: ["PgDown", "Right", "Space"]
        enabled: root.scripted && !root.predicting && !root.blanked
        // At the end of a lesson the clicker goes on to the next one.
        onActivated: {
            if (root.presenting && captions.pageDown())
                return
            root.player.atEnd ? root.player.openNext() : root.player.next()
        }
    }
    Shortcut {
        sequences: ["PgUp", "Left"]
        enabled: root.scripted && !root.predicting && !root.blanked
        onActivated: {
            if (root.presenting && captions.pageUp())
                return
            root.player.previous()
        }
    }
    Shortcut {
        sequences: ["Down", "Right"]
        enabled: root.predicting && !root.blanked
        onActivated: root.selectedChoice = (root.selectedChoice + 1) % root.player.predictChoices.length
    }
    Shortcut {
        sequences: ["Up", "Left"]
        enabled: root.predicting && !root.blanked
        onActivated: root.selectedChoice = (root.selectedChoice + root.player.predictChoices.length - 1)
                                           % root.player.predictChoices.length
    }
    Shortcut {
        sequences: ["Return", "Enter", "Space"]
        enabled: root.predicting && !root.blanked
        onActivated: root.player.answer(root.selectedChoice)
    }
    // PageUp still goes back while a question waits (a clicker has no other way back), and
    // PageDown pages through the words above the question.
    Shortcut {
        sequence: "PgUp"
        enabled: root.predicting && !root.blanked
        onActivated: {
            if (root.presenting && captions.pageUp())
                return
            root.player.previous()
        }
    }
    Shortcut {
        sequence: "PgDown"
        enabled: root.predicting && root.presenting && !root.blanked
        onActivated: captions.pageDown()
    }
    Instantiator {
        model: 6
        delegate: Shortcut {
            required property int index
            sequence: String.fromCharCode(65 + index)
            enabled: root.predicting && !root.blanked && index < root.player.predictChoices.length
            onActivated: root.player.answer(index)
        }
    }
    // Presenter mode: B (or .) blanks the screen, as presentation clickers expect; while a
    // question waits, B is its answer B and only "." blanks. Blanked, PageDown and PageUp bring
    // the lab back without moving the lesson (Escape leaves presenter mode, as always).
    Shortcut {
        sequence: "B"
        enabled: root.presenting && !root.predicting
        onActivated: root.blanked = !root.blanked
    }
    Shortcut {
        sequence: "."
        enabled: root.presenting
        onActivated: root.blanked = !root.blanked
    }
    Shortcut {
        sequences: ["PgDown", "PgUp"]
        enabled: root.blanked
        onActivated: root.blanked = false
    }
    // G shows the execution graph of a run under the weak memory model.
    Shortcut {
        sequence: "G"
        enabled: root.session.weakMemory
        onActivated: root.toggleGraph()
    }
    // Enter takes the newest store for the thread whose next load has a choice (the store
    // strip's ⏎ button); a click there takes any other.
    Shortcut {
        sequences: ["Return", "Enter"]
        enabled: !root.scripted && !root.predicting && root.pendingLane < 0 && root.session.weak.chooser >= 0
        onActivated: root.session.stepOption(root.session.weak.chooser, 0)
    }
    // T shows the timeline (in presenter mode as well); L cycles how much each lane shows.
    Shortcut {
        sequence: "T"
        onActivated: root.toggleTimeline()
    }
    Shortcut {
        sequence: "L"
        onActivated: root.nextLaneDensity()
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
