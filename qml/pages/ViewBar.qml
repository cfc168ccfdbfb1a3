import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// Above the lanes: which panes are shown and how much each lane shows. The same choices are in
// the View menu; they are kept across launches by the page.
// A Flow, so that at a large zoom on a small screen it wraps rather than cutting a button.
Flow {
    id: root

    required property Item page

    spacing: Theme.spacing

    TipButton {
        objectName: "toggleLesson"
        visible: root.page.lessonOpen
        text: qsTr("Lesson")
        // Bound, not toggled by the button itself: the page owns the setting.
        checkable: false
        checked: root.page.showLesson
        tip: qsTr("Show or hide the lesson's panel (the lesson goes on either way)")
        onClicked: root.page.showLesson = !root.page.showLesson
    }
    Row {
        spacing: Theme.spacing
        Label {
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
            ToolTip.visible: hovered && !popup.visible
            ToolTip.delay: Theme.toolTipDelay
            ToolTip.text: qsTr("How much each thread's lane shows; one line each fits every thread on screen (L cycles)")
        }
    }
    // The heart of reading a patch review: this run on two variants side by side.
    TipButton {
        objectName: "compareButton"
        text: qsTr("Compare variants…")
        tip: qsTr("Play this schedule on two variants side by side, their differences marked (Ctrl+K)")
        onClicked: root.page.compareRequested()
    }
    TipButton {
        objectName: "toggleTimeline"
        text: qsTr("Timeline")
        checkable: false
        checked: root.page.showTimeline
        tip: qsTr("Show or hide the timeline (T)")
        onClicked: root.page.toggleTimeline()
    }
    TipButton {
        objectName: "toggleShared"
        text: qsTr("Shared state")
        checkable: false
        checked: root.page.showShared
        tip: qsTr("Show or hide the shared state")
        onClicked: root.page.showShared = !root.page.showShared
    }
}
