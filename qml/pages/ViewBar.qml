import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// Above the lanes: which panes are shown and how much each lane shows. The same choices are in
// the View menu; they are kept across launches by the page.
// A Flow, so that at a large zoom it wraps rather than cutting a button; and when the lanes'
// pane is too narrow for its controls on one line, they fold into one "View" menu, so that
// the lanes keep the room they would take.
Flow {
    id: root

    required property Item page

    // The width of everything on one line (from what does not change when they fold: a hidden
    // Row measures nothing).
    readonly property real oneLine: (root.page.lessonOpen ? lessonToggle.implicitWidth + spacing : 0)
                                    + lanesLabel.implicitWidth + lanesRow.spacing + density.width + compareButton.implicitWidth
                                    + timelineToggle.implicitWidth + sharedToggle.implicitWidth + 4 * spacing
                                    + (root.page.session.weakMemory ? graphToggle.implicitWidth + spacing : 0)
    readonly property bool folded: width > 0 && oneLine > width

    spacing: Theme.spacing

    TipButton {
        id: viewButton
        objectName: "viewMenuButton"
        visible: root.folded
        text: qsTr("View") + " \u25BE"
        tip: qsTr("Panes, lanes and the comparison of variants (also in the window's View menu)")
        onClicked: viewMenu.popup()
        Menu {
            id: viewMenu
            MenuItem {
                visible: root.page.lessonOpen
                height: visible ? implicitHeight : 0
                text: qsTr("Lesson panel")
                checkable: true
                checked: root.page.showLesson
                // The page owns the setting: the item follows it again after a click.
                onTriggered: {
                    root.page.showLesson = !root.page.showLesson
                    checked = Qt.binding(() => root.page.showLesson)
                }
            }
            MenuItem {
                text: qsTr("Timeline (T)")
                checkable: true
                checked: root.page.showTimeline
                onTriggered: {
                    root.page.toggleTimeline()
                    checked = Qt.binding(() => root.page.showTimeline)
                }
            }
            MenuItem {
                text: qsTr("Execution graph (G)")
                enabled: root.page.session.weakMemory
                onTriggered: root.page.toggleGraph()
            }
            MenuItem {
                text: qsTr("Shared state")
                checkable: true
                checked: root.page.showShared
                onTriggered: {
                    root.page.showShared = !root.page.showShared
                    checked = Qt.binding(() => root.page.showShared)
                }
            }
            MenuSeparator {}
            MenuItem {
                objectName: "viewMenuLanes"
                // L cycles the lanes' density, as the list beside it does when unfolded.
                text: qsTr("Lanes: %1 (L)").arg(density.currentText)
                onTriggered: root.page.nextLaneDensity()
            }
            MenuSeparator {}
            MenuItem {
                text: qsTr("Compare variants… (Ctrl+K)")
                onTriggered: root.page.compareRequested()
            }
        }
    }

    TipButton {
        id: lessonToggle
        objectName: "toggleLesson"
        visible: root.page.lessonOpen && !root.folded
        text: qsTr("Lesson")
        // Bound, not toggled by the button itself: the page owns the setting.
        checkable: false
        checked: root.page.showLesson
        tip: qsTr("Show or hide the lesson's panel (the lesson goes on either way)")
        onClicked: root.page.showLesson = !root.page.showLesson
    }
    Row {
        id: lanesRow
        visible: !root.folded
        spacing: Theme.spacing
        Label {
            id: lanesLabel
            anchors.verticalCenter: parent.verticalCenter
            text: qsTr("Lanes")
        }
        ComboBox {
            id: density
            objectName: "laneDensity"
            height: Math.max(implicitHeight, Theme.fontBase * 2)
            width: Math.max(implicitWidth, Theme.fontBase * 10)
            textRole: "text"
            valueRole: "value"
            model: [
                { value: "auto", text: qsTr("Auto") },
                { value: "full", text: qsTr("Full") },
                { value: "compact", text: qsTr("Compact") },
                { value: "line", text: qsTr("One line each, no code") }
            ]
            // The model lists the page's densities in the page's order.
            currentIndex: root.page.laneDensities.indexOf(root.page.laneDensity)
            onActivated: root.page.laneDensity = currentValue
            ToolTip.visible: Theme.tipsOnHover && hovered && !popup.visible
            ToolTip.delay: Theme.toolTipDelay
            ToolTip.text: qsTr("How much each thread's lane shows; one line each fits every thread on screen (L cycles)")
        }
    }
    // The heart of reading a patch review: this run on two variants side by side.
    TipButton {
        id: compareButton
        objectName: "compareButton"
        visible: !root.folded
        text: qsTr("Compare variants…")
        tip: qsTr("Play this schedule on two variants side by side, their differences marked (Ctrl+K)")
        onClicked: root.page.compareRequested()
    }
    TipButton {
        id: timelineToggle
        objectName: "toggleTimeline"
        visible: !root.folded
        text: qsTr("Timeline")
        checkable: false
        checked: root.page.showTimeline
        tip: qsTr("Show or hide the timeline (T)")
        onClicked: root.page.toggleTimeline()
    }
    TipButton {
        id: sharedToggle
        objectName: "toggleShared"
        visible: !root.folded
        text: qsTr("Shared state")
        checkable: false
        checked: root.page.showShared
        tip: qsTr("Show or hide the shared state")
        onClicked: root.page.showShared = !root.page.showShared
    }
    TipButton {
        id: graphToggle
        objectName: "toggleGraph"
        visible: !root.folded && root.page.session.weakMemory
        text: qsTr("Execution graph")
        tip: qsTr("Show the run's execution graph: po, rf, co, fr, and the cycle that rules a store out (G)")
        onClicked: root.page.toggleGraph()
    }
}
