import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Window
import Qt.labs.settings
import Lockstep

// The window. It owns what is kept across launches (theme, palette, zoom, reduce motion, the
// last scenario and variant) and hands the look to the Theme singleton; the lab itself is
// LabPage over the Session that main.cpp creates.
ApplicationWindow {
    id: root

    required property Session session

    // Kept across launches by the Settings below.
    property real zoom: 1.0
    property string themeName: "light"
    property string paletteName: "standard"
    property bool reduceMotion: false
    property string lastScenario
    property string lastVariant
    // The lesson open when the app last stopped, and where in it, the player keeps itself.

    // Presenter mode: full screen, large type, the narration as captions.
    property bool presenting: false
    property bool _fullScreenBeforePresenting: false

    readonly property LessonPlayer player: lessonPlayer

    function setZoom(z) {
        zoom = Math.round(Math.min(Theme.maxZoom, Math.max(Theme.minZoom, z)) * 10) / 10
    }
    function nextTheme() {
        themeName = themeName === "light" ? "dark" : themeName === "dark" ? "contrast" : "light"
    }
    function setReduceMotion(on) {
        reduceMotion = on
        settings.reduceMotion = on
    }
    function setPresenting(on) {
        if (on === presenting)
            return
        if (on) {
            _fullScreenBeforePresenting = visibility === Window.FullScreen
            presenting = true
            showFullScreen()
        } else {
            presenting = false
            if (!_fullScreenBeforePresenting)
                showNormal()
        }
    }
    // The row of the lesson with this id in the library, -1 if none.
    function lessonRow(id) {
        const m = lessonPlayer.lessons
        for (let i = 0; i < m.rowCount(); ++i)
            if (m.data(m.index(i, 0), LessonListModel.IdRole) === id)
                return i
        return -1
    }
    // The run the open lesson set up; choosing another scenario or variant by hand (not while
    // exploring or in a challenge) closes the lesson, whose words no longer fit the window.
    property string _lessonScenario
    property string _lessonVariant
    function noteLessonRun() {
        if (lessonPlayer.current < 0)
            return
        _lessonScenario = session.scenario
        _lessonVariant = session.variant
    }
    function checkLessonRun() {
        if (lessonPlayer.current >= 0 && !lessonPlayer.exploring && lessonPlayer.challenge < 0
                && (session.scenario !== _lessonScenario || session.variant !== _lessonVariant))
            lessonPlayer.close()
    }
    function toggleFullScreen() {
        if (visibility === Window.FullScreen)
            showNormal()
        else
            showFullScreen()
    }

    // The first window fits the screen it opens on (a 1280x720 projector included), at most the
    // size the lab was designed at.
    width: Math.min(1600, Screen.desktopAvailableWidth > 0 ? Screen.desktopAvailableWidth : 1600)
    height: Math.min(1000, Screen.desktopAvailableHeight > 0 ? Screen.desktopAvailableHeight : 1000)
    minimumWidth: 900
    minimumHeight: 600
    visible: true
    title: qsTr("Lockstep — %1").arg(session.scenarioTitle)

    font.pixelSize: Theme.fontBase
    color: Theme.window
    // Colours that differ when disabled are set per group: a role set on the whole palette
    // would overwrite the disabled group whenever the theme changes.
    palette.window: Theme.window
    palette.active.windowText: Theme.text
    palette.inactive.windowText: Theme.text
    palette.disabled.windowText: Theme.textDisabled
    palette.base: Theme.surface
    palette.alternateBase: Theme.surfaceAlt
    palette.active.text: Theme.text
    palette.inactive.text: Theme.text
    palette.disabled.text: Theme.textDisabled
    palette.button: Theme.control
    palette.active.buttonText: Theme.text
    palette.inactive.buttonText: Theme.text
    palette.disabled.buttonText: Theme.textDisabled
    palette.brightText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.accentText
    palette.light: Theme.surface
    palette.midlight: Theme.surfaceAlt
    palette.mid: Theme.frame
    palette.dark: Theme.frame
    palette.shadow: Theme.frame
    palette.toolTipBase: Theme.surface
    palette.toolTipText: Theme.text
    palette.placeholderText: Theme.textMuted
    palette.link: Theme.link

    Binding {
        target: Theme
        property: "zoom"
        // Presenter type grows with the screen: 1.4x on a 1080p projector, less on a 720p one,
        // where the lanes and the shared state would otherwise have no room left.
        value: root.presenting ? Math.min(Theme.maxZoom, root.zoom * Math.max(1.1, Math.min(Theme.presenterZoomFactor,
                                                                                          Theme.presenterZoomFactor * root.height / 1080)))
                               : root.zoom
    }
    Binding { target: Theme; property: "themeName"; value: root.themeName }
    Binding { target: Theme; property: "paletteName"; value: root.paletteName }
    Binding { target: Theme; property: "reduceMotion"; value: root.reduceMotion }
    Binding { target: Theme; property: "tipsOnHover"; value: !root.presenting }

    Settings {
        id: settings
        category: "window"
        property alias zoom: root.zoom
        property alias themeName: root.themeName
        property alias paletteName: root.paletteName
        // Not an alias: main.cpp turns motion off for --screenshot, which must not stick.
        property bool reduceMotion: false
        property alias lastScenario: root.lastScenario
        property alias lastVariant: root.lastVariant
    }

    // What the window starts on, as main.cpp decides from its command line:
    // "saved": the lesson of last time where it was left, or the run of last time (lesson 0
    // on a first launch);
    // "lesson": the lesson named on the command line (lesson 0 for a --screenshot of no run);
    // "run": the run main.cpp set up, opening no lesson.
    // Lessons opened after that are remembered as usual; a still picture remembers nothing.
    property string startWith: "saved"
    // --lesson and --lesson-step: the lesson to open (its id or library number) and how many of
    // its steps to play (-1: all); startProblem says what was wrong with them, for main.cpp.
    property string startLesson: ""
    property int startLessonSteps: 0
    property string startProblem: ""
    // --screenshot: the picture shows states, not transitions, from the first step played.
    property bool stillPicture: false
    // --compare A,B (and --compare-step N): open the comparison of the two variants at start.
    property string startCompare: ""
    property int startCompareStep: -1

    // Opens the lesson named on the command line and plays its first steps, answering each
    // question rightly, as a teacher preparing a slide would.
    function openStartLesson() {
        const m = lessonPlayer.lessons
        let row = startLesson === "" ? 0 : lessonRow(startLesson)
        if (startLesson.startsWith("file:")) {  // a teacher's file; the library says what is wrong with it
            row = lessonPlayer.openFile(startLesson)
            if (row < 0)
                return lab.openLibrary()
        }
        if (row < 0 && /^[0-9]+$/.test(startLesson))
            row = parseInt(startLesson)
        if (row < 0 || row >= m.rowCount()) {
            const ids = []
            for (let i = 0; i < m.rowCount(); ++i)
                ids.push(m.data(m.index(i, 0), LessonListModel.IdRole))
            startProblem = "--lesson: no lesson '" + startLesson + "' (known: " + ids.join(", ") + ", or 0 to " + (m.rowCount() - 1) + ")"
            return
        }
        lessonPlayer.open(row, true)
        const steps = startLessonSteps < 0 ? lessonPlayer.stepCount : startLessonSteps
        if (steps > lessonPlayer.stepCount) {
            startProblem = "--lesson-step: lesson '" + lessonPlayer.title + "' has " + lessonPlayer.stepCount + " steps, not " + startLessonSteps
            return
        }
        for (let i = 0; i < steps; ++i) {
            if (!lessonPlayer.next()) {
                for (let c = 0; c < lessonPlayer.predictChoices.length; ++c)
                    if (lessonPlayer.answer(c))
                        break
                lessonPlayer.next()
            }
        }
    }

    Component.onCompleted: {
        const saved = startWith === "saved"
        if (saved) {
            if (session.scenarios.indexOf(lastScenario) >= 0)
                session.scenario = lastScenario
            if (session.variants.indexOf(lastVariant) >= 0)
                session.variant = lastVariant
        }
        lastScenario = session.scenario
        lastVariant = session.variant
        reduceMotion = stillPicture || settings.reduceMotion

        if (startWith === "lesson" && lessonPlayer.lessons.rowCount() > 0)
            openStartLesson()
        else if (saved)
            lessonPlayer.reopen()
    }
    LessonPlayer {
        id: lessonPlayer
        session: root.session
        persistent: !root.stillPicture
    }
    Connections {
        target: lessonPlayer
        function onLessonChanged() { root.noteLessonRun() }
        function onStepChanged() { root.noteLessonRun() }
        function onChallengeChanged() { root.noteLessonRun() }
    }
    Connections {
        target: root.session
        function onConfigChanged() {
            root.lastScenario = root.session.scenario
            root.lastVariant = root.session.variant
            // After the call that changed the run: a lesson notes its own run when it is done.
            Qt.callLater(root.checkLessonRun)
        }
    }

    // A teacher's own lessons: a file or a folder dropped on the window, or chosen from the File
    // menu. A file that cannot be used opens the library, which says where it is broken.
    DropArea {
        id: lessonDrop
        objectName: "lessonDrop"
        anchors.fill: parent
        function openLesson(url) {
            if (lessonPlayer.openFile(url) < 0)
                lab.openLibrary()
        }
        onEntered: (drag) => drag.accept(Qt.CopyAction)
        onDropped: (drop) => {
            for (const url of drop.urls) {
                if (!lessonPlayer.addFolder(url))
                    openLesson(url)
            }
            drop.accept(Qt.CopyAction)
        }
    }
    FileDialog {
        id: lessonFileDialog
        title: qsTr("Open a lesson file")
        nameFilters: [qsTr("Lessons (*.yaml *.yml)"), qsTr("All files (*)")]
        onAccepted: lessonDrop.openLesson(selectedFile)
    }
    // A run saved with Export > Schedule file, replayed in the lab; what is wrong with a file
    // shows under the schedule, with its line and column.
    FileDialog {
        id: scheduleFileDialog
        objectName: "scheduleFileDialog"
        title: qsTr("Open a schedule file")
        nameFilters: [qsTr("Lockstep schedules (*.schedule)"), qsTr("All files (*)")]
        onAccepted: {
            // Another run under a lesson's script leaves the script, as a replay in the lab does.
            if (lessonPlayer.challenge < 0)
                lessonPlayer.explore()
            root.session.openScheduleFile(selectedFile)
        }
    }
    FileDialog {
        id: litmusFileDialog
        objectName: "litmusFileDialog"
        title: qsTr("Open a litmus test")
        nameFilters: [qsTr("Litmus tests (*.litmus)"), qsTr("All files (*)")]
        onAccepted: {
            if (lessonPlayer.challenge < 0)
                lessonPlayer.explore()
            root.session.openLitmusFile(selectedFile)
        }
    }
    FolderDialog {
        id: lessonFolderDialog
        title: qsTr("Add a folder of lessons to the library")
        onAccepted: {
            lessonPlayer.addFolder(selectedFolder)
            lab.openLibrary()
        }
    }

    menuBar: MenuBar {
        visible: !root.presenting
        FitMenu {
            title: qsTr("&File")
            MenuItem { text: qsTr("Open lesson…"); onTriggered: lessonFileDialog.open() }
            MenuItem { text: qsTr("Add lesson folder…"); onTriggered: lessonFolderDialog.open() }
            MenuItem { text: qsTr("Open schedule file…"); onTriggered: scheduleFileDialog.open() }
            MenuItem { text: qsTr("Open litmus test…"); onTriggered: litmusFileDialog.open() }
        }
        FitMenu {
            title: qsTr("&View")
            FitMenu {
                title: qsTr("Theme")
                MenuItem {
                    text: qsTr("Light")
                    checkable: true
                    checked: root.themeName === "light"
                    onTriggered: root.themeName = "light"
                }
                MenuItem {
                    text: qsTr("Dark")
                    checkable: true
                    checked: root.themeName === "dark"
                    onTriggered: root.themeName = "dark"
                }
                MenuItem {
                    text: qsTr("High contrast (Ctrl+T cycles)")
                    checkable: true
                    checked: root.themeName === "contrast"
                    onTriggered: root.themeName = "contrast"
                }
            }
            MenuItem {
                text: qsTr("Colour-blind-safe palette (Okabe–Ito)")
                checkable: true
                checked: root.paletteName === "okabeIto"
                onTriggered: root.paletteName = checked ? "okabeIto" : "standard"
            }
            MenuItem {
                text: qsTr("Reduce motion")
                checkable: true
                checked: root.reduceMotion
                onTriggered: root.setReduceMotion(checked)
            }
            MenuSeparator {}
            MenuItem {
                text: qsTr("Lesson panel")
                checkable: true
                checked: lab.showLesson
                onTriggered: lab.showLesson = !lab.showLesson
            }
            MenuItem {
                text: qsTr("Timeline (T)")
                checkable: true
                checked: lab.showTimeline
                onTriggered: lab.toggleTimeline()
            }
            MenuItem {
                text: qsTr("Shared state")
                checkable: true
                checked: lab.showShared
                onTriggered: lab.showShared = !lab.showShared
            }
            MenuItem {
                text: qsTr("Lanes: one line each, no code")
                checkable: true
                checked: lab.laneDensity === "line"
                onTriggered: lab.laneDensity = lab.laneDensity === "line" ? "auto" : "line"
            }
            MenuSeparator {}
            MenuItem { text: qsTr("Zoom in (Ctrl+=)"); onTriggered: root.setZoom(root.zoom + Theme.zoomStep) }
            MenuItem { text: qsTr("Zoom out (Ctrl+-)"); onTriggered: root.setZoom(root.zoom - Theme.zoomStep) }
            MenuItem { text: qsTr("Actual size (Ctrl+0)"); onTriggered: root.setZoom(1) }
            MenuSeparator {}
            MenuItem { text: qsTr("Full screen (F11)"); onTriggered: root.toggleFullScreen() }
            MenuSeparator {}
            MenuItem { text: qsTr("Compare two variants… (Ctrl+K)"); onTriggered: compareView.openFromLab() }
        }
        FitMenu {
            title: qsTr("&Lessons")
            MenuItem { text: qsTr("Lesson library… (Ctrl+O)"); onTriggered: lab.openLibrary() }
            MenuItem {
                text: qsTr("Presenter mode (F5)")
                checkable: true
                checked: root.presenting
                onTriggered: root.setPresenting(!root.presenting)
            }
            MenuItem {
                text: qsTr("Close the lesson")
                enabled: lessonPlayer.current >= 0
                onTriggered: lessonPlayer.close()
            }
            MenuSeparator {}
            MenuItem {
                objectName: "examModeItem"
                text: qsTr("Hide hints and \u201CFind a violation\u201D in challenges (exam)")
                checkable: true
                checked: lessonPlayer.examMode
                onTriggered: lessonPlayer.examMode = checked
            }
        }
        // Export and Help: take a run home, look words up, quit.
        FitMenu {
            title: qsTr("&Export")
            MenuItem { text: qsTr("View as PNG image…"); onTriggered: takeHome.start("image") }
            MenuItem { text: qsTr("Schedule file (replays the run)…"); onTriggered: takeHome.start("schedule") }
            MenuItem { text: qsTr("Run as JSON (lockstep-cli's format)…"); onTriggered: takeHome.start("json") }
            MenuItem { text: qsTr("Text trace, one line per step…"); onTriggered: takeHome.start("trace") }
        }
        FitMenu {
            title: qsTr("&Help")
            MenuItem { text: qsTr("Keyboard (F1)"); onTriggered: keyHelp.open() }
            MenuItem { text: qsTr("Glossary"); onTriggered: glossary.open() }
            MenuItem { text: qsTr("Invariants the checker tests"); onTriggered: invariants.open() }
            MenuItem { text: qsTr("About Lockstep"); onTriggered: about.open() }
            MenuSeparator {}
            MenuItem { text: qsTr("Quit (Ctrl+Q)"); onTriggered: root.close() }
        }
    }

    LabPage {
        id: lab
        objectName: "lab"
        anchors.fill: parent
        session: root.session
        player: lessonPlayer
        presenting: root.presenting
        onPresenterExitRequested: root.setPresenting(false)
        onCompareRequested: compareView.openFromLab()
    }

    KeyHelp {
        id: keyHelp
        objectName: "keyHelp"
    }

    // Export and Help (the menus above).
    ExportDialogs {
        id: takeHome
        objectName: "takeHome"
        session: root.session
        view: lab
    }
    Glossary {
        id: glossary
        objectName: "glossary"
    }
    Invariants {
        id: invariants
        objectName: "invariants"
    }
    AboutBox {
        id: about
        objectName: "about"
    }
    // View > Compare two variants: the lab's schedule on two variants side by side.
    CompareView {
        id: compareView
        objectName: "compareView"
        session: root.session
        startVariants: root.startCompare
        startStep: root.startCompareStep
    }
    Shortcut {
        sequence: "Ctrl+K"
        onActivated: compareView.opened ? compareView.close() : compareView.openFromLab()
    }
    Shortcut {
        sequence: "Ctrl+Q"
        // Closing the last window ends the app, after what closing saves (settings, the lesson).
        onActivated: root.close()
    }

    Shortcut {
        sequences: ["F1", "?", "Shift+?"]
        onActivated: keyHelp.opened ? keyHelp.close() : keyHelp.open()
    }
    Shortcut {
        sequence: "F5"
        onActivated: root.setPresenting(!root.presenting)
    }
    Shortcut {
        sequence: "Escape"
        enabled: root.presenting
        onActivated: root.setPresenting(false)
    }
    Shortcut {
        sequence: "F11"
        onActivated: root.toggleFullScreen()
    }
    Shortcut {
        sequences: ["Ctrl++", "Ctrl+="]
        onActivated: root.setZoom(root.zoom + Theme.zoomStep)
    }
    Shortcut {
        sequence: "Ctrl+-"
        onActivated: root.setZoom(root.zoom - Theme.zoomStep)
    }
    Shortcut {
        sequence: "Ctrl+0"
        onActivated: root.setZoom(1)
    }
    Shortcut {
        sequence: "Ctrl+T"
        onActivated: root.nextTheme()
    }
    Shortcut {
        sequence: "Ctrl+Shift+P"
        onActivated: root.paletteName = root.paletteName === "okabeIto" ? "standard" : "okabeIto"
    }
    Shortcut {
        sequence: "Ctrl+M"
        onActivated: root.setReduceMotion(!root.reduceMotion)
    }
}
