import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// Every key the window knows, on one sheet (F1 or ?). Escape or a click outside closes it.
Popup {
    id: root

    readonly property var keys: [
        [qsTr("1 … 9"), qsTr("Step thread 1 … 9 by one operation")],
        [qsTr("Left, Backspace"), qsTr("Back one step")],
        [qsTr("Right"), qsTr("Forward one step along the timeline")],
        [qsTr("Home / End"), qsTr("First / last step of the timeline")],
        [qsTr("Ctrl+R"), qsTr("Reset: start again, forget the timeline")],
        [qsTr("Space"), qsTr("Play / pause auto-play")],
        [qsTr("[ and ]"), qsTr("Slower / faster auto-play")],
        [qsTr("O"), qsTr("Round-robin or random order")],
        [qsTr("V"), qsTr("Go to the step of the violation")],
        [qsTr("S"), qsTr("Show / hide the variant's switches")],
        [qsTr("Ctrl+L"), qsTr("Edit the schedule (Enter replays it)")],
        [qsTr("Ctrl+Shift+C"), qsTr("Copy the schedule")],
        [qsTr("Ctrl+F"), qsTr("Find a violation (Escape cancels)")],
        [qsTr("Ctrl+= / Ctrl+- / Ctrl+0"), qsTr("Zoom in / out / reset")],
        [qsTr("Ctrl+T"), qsTr("Next theme: light, dark, high contrast")],
        [qsTr("Ctrl+Shift+P"), qsTr("Colour-blind-safe palette on / off")],
        [qsTr("Ctrl+M"), qsTr("Reduce motion on / off")],
        [qsTr("PgDown, Right, Space"), qsTr("In a lesson: play its next step")],
        [qsTr("PgUp, Left"), qsTr("In a lesson: back one step of it")],
        [qsTr("A, B, C …"), qsTr("In a lesson: answer the question with that choice")],
        [qsTr("Up / Down, Enter"), qsTr("In a lesson: move between the choices, answer the one marked")],
        [qsTr("1 … 9 in a lesson"), qsTr("Asks first; the same digit again (or Enter) leaves the script and steps, Escape stays")],
        [qsTr("Ctrl+O"), qsTr("The lesson library")],
        [qsTr("Ctrl+K"), qsTr("Compare two variants on the schedule; in it N / P: next / previous step that differs")],
        [qsTr("F5"), qsTr("Presenter mode: full screen, large type, captions (Escape leaves)")],
        [qsTr("B or ."), qsTr("Presenter mode: blank the screen; B again, or PageDown/PageUp, brings it back (while a question waits, B answers B)")],
        [qsTr("T"), qsTr("Show / hide the timeline (also in presenter mode)")],
        [qsTr("L"), qsTr("Lanes: auto, full, compact, one line each with no code")],
        [qsTr("Enter"), qsTr("Weak memory: the thread the store strip offers a choice to reads the newest store (click a store for an older one)")],
        [qsTr("G"), qsTr("Weak memory: show / hide the execution graph (po, rf, co, fr; ✗ why not? draws the cycle)")],
        [qsTr("F11"), qsTr("Full screen")],
        [qsTr("Tab"), qsTr("Move between controls (Space or Enter presses)")],
        [qsTr("F1, ?"), qsTr("This sheet")],
        [qsTr("Ctrl+Q"), qsTr("Quit (settings and progress are kept)")]
    ]

    modal: true
    focus: true
    anchors.centerIn: Overlay.overlay
    width: Math.min(Theme.helpWidth, parent ? parent.width - 2 * Theme.spacingLarge : Theme.helpWidth)
    height: Math.min(implicitHeight, parent ? parent.height - 2 * Theme.spacingLarge : implicitHeight)
    padding: Theme.spacingLarge
    closePolicy: Popup.CloseOnEscape | Popup.CloseOnPressOutside

    background: Rectangle {
        color: Theme.surface
        border.color: Theme.frame
        border.width: Theme.borderStrong
        radius: Theme.radius
    }
    Overlay.modal: Rectangle { color: Theme.overlay }

    contentItem: ScrollView {
        id: scroll
        contentWidth: availableWidth
        clip: true
        ColumnLayout {
            width: scroll.availableWidth
            spacing: Theme.spacing
            Label {
                text: qsTr("Keyboard")
                font.pixelSize: Theme.fontTitle
                font.bold: true
            }
            GridLayout {
                Layout.fillWidth: true
                columns: 2
                columnSpacing: Theme.spacingLarge
                rowSpacing: Theme.spacingSmall
                Repeater {
                    model: root.keys.length * 2
                    delegate: Label {
                        required property int index
                        readonly property bool isKey: index % 2 === 0
                        Layout.fillWidth: !isKey
                        text: root.keys[Math.floor(index / 2)][isKey ? 0 : 1]
                        font.family: isKey ? Theme.monoFamily : Qt.application.font.family
                        font.bold: isKey
                        wrapMode: Text.Wrap
                    }
                }
            }
            TipButton {
                Layout.alignment: Qt.AlignRight
                text: qsTr("Close")
                tip: qsTr("Close this sheet (Escape)")
                onClicked: root.close()
            }
        }
    }
}
