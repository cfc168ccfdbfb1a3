import QtQuick
import QtQuick.Controls
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
    function toggleFullScreen() {
        if (visibility === Window.FullScreen)
            showNormal()
        else
            showFullScreen()
    }

    width: 1600
    height: 1000
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

    Binding { target: Theme; property: "zoom"; value: root.zoom }
    Binding { target: Theme; property: "themeName"; value: root.themeName }
    Binding { target: Theme; property: "paletteName"; value: root.paletteName }
    Binding { target: Theme; property: "reduceMotion"; value: root.reduceMotion }

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

    // main.cpp sets this to false when its command line chose the scenario, variant or
    // schedule; otherwise the window reopens on the scenario and variant of last time.
    property bool restoreLastRun: true

    Component.onCompleted: {
        // Without the flag, a run that is not the untouched default was chosen by main.cpp.
        const untouched = session.step === 0 && session.scenario === session.scenarios[0]
                          && session.variant === session.variants[0]
        if (restoreLastRun && untouched) {
            if (session.scenarios.indexOf(lastScenario) >= 0)
                session.scenario = lastScenario
            if (session.variants.indexOf(lastVariant) >= 0)
                session.variant = lastVariant
        }
        lastScenario = session.scenario
        lastVariant = session.variant
        reduceMotion = settings.reduceMotion
    }
    Connections {
        target: root.session
        function onConfigChanged() {
            root.lastScenario = root.session.scenario
            root.lastVariant = root.session.variant
        }
    }

    menuBar: MenuBar {
        Menu {
            title: qsTr("&View")
            Menu {
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
            MenuItem { text: qsTr("Zoom in (Ctrl+=)"); onTriggered: root.setZoom(root.zoom + Theme.zoomStep) }
            MenuItem { text: qsTr("Zoom out (Ctrl+-)"); onTriggered: root.setZoom(root.zoom - Theme.zoomStep) }
            MenuItem { text: qsTr("Actual size (Ctrl+0)"); onTriggered: root.setZoom(1) }
            MenuSeparator {}
            MenuItem { text: qsTr("Full screen (F11)"); onTriggered: root.toggleFullScreen() }
        }
        Menu {
            title: qsTr("&Help")
            MenuItem { text: qsTr("Keyboard (F1)"); onTriggered: keyHelp.open() }
        }
    }

    LabPage {
        id: lab
        anchors.fill: parent
        session: root.session
    }

    KeyHelp {
        id: keyHelp
        objectName: "keyHelp"
    }

    Shortcut {
        sequences: ["F1", "?", "Shift+?"]
        onActivated: keyHelp.opened ? keyHelp.close() : keyHelp.open()
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
