import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// Presenter mode's controls, in a strip of their own above the lab: nothing floats over what the
// class is looking at. A clicker needs none of them (PageDown, PageUp, B, the answer letters).
// A narrow strip (a large zoom) keeps Previous, where the class is, Next and the way out on its
// one line (the way out as ✕), and puts the timeline and the library in a menu; the title gives
// way first.
Pane {
    id: root

    property LessonPlayer player: null
    // Whether the timeline is shown under the lanes (T).
    property bool timelineShown: false

    signal exitRequested()
    signal libraryRequested()
    signal timelineToggled()

    readonly property bool lessonOpen: player !== null && player.current >= 0

    // What the strip needs without its title, with the less used buttons on it or in the menu.
    readonly property real primaryWidth: (lessonOpen ? previousButton.implicitWidth + stepLabel.implicitWidth
                                                       + nextButton.implicitWidth + 3 * row.spacing : 0)
    readonly property real secondaryWidth: timelineButton.implicitWidth + (player !== null ? libraryButton.implicitWidth + row.spacing : 0)
                                           + exitWords.advanceWidth + exitButton.leftPadding + exitButton.rightPadding + 2 * row.spacing
    // In a menu when they would leave the title less than a few words.
    readonly property bool collapsed: primaryWidth + secondaryWidth + Theme.fontBase * 8 > availableWidth
    readonly property real titleRoom: availableWidth - primaryWidth
                                      - (collapsed ? moreButton.implicitWidth + exitButton.implicitHeight + 2 * row.spacing : secondaryWidth)
    TextMetrics {
        id: exitWords
        font: exitButton.font
        text: qsTr("Leave presenter mode")
    }

    padding: Theme.spacingSmall
    background: Rectangle { color: Theme.surfaceAlt }

    RowLayout {
        id: row
        anchors.fill: parent
        spacing: Theme.spacing
        TipButton {
            id: previousButton
            visible: root.lessonOpen
            text: "\u25C0 " + qsTr("Previous")
            enabled: root.lessonOpen && root.player.stepIndex > 0 && !root.player.exploring
            tip: qsTr("PageUp")
            onClicked: root.player.previous()
        }
        // The title gives way; where the class is in the lesson never does. Left out rather
        // than shown as a letter and "…".
        Label {
            objectName: "presenterTitle"
            Layout.fillWidth: true
            visible: root.titleRoom >= Math.min(implicitWidth, Theme.fontBase * 5)
            horizontalAlignment: Text.AlignRight
            text: root.lessonOpen ? root.player.title : qsTr("Presenter mode")
            textFormat: Text.PlainText
            elide: Text.ElideRight
            font.bold: true
        }
        // Keeps the buttons at the right when the title is left out.
        Item {
            visible: !root.lessonOpen || root.titleRoom < Theme.fontBase * 5
            Layout.fillWidth: true
        }
        Label {
            id: stepLabel
            objectName: "presenterStep"
            visible: root.lessonOpen
            text: root.lessonOpen ? qsTr("· step %1 of %2").arg(root.player.stepIndex).arg(root.player.stepCount) : ""
            textFormat: Text.PlainText
            font.bold: true
        }
        TipButton {
            id: nextButton
            visible: root.lessonOpen
            text: root.lessonOpen && root.player.atEnd && root.player.nextTitle !== ""
                  ? qsTr("Next lesson") + " \u25B6" : qsTr("Next") + " \u25B6"
            enabled: root.lessonOpen && !root.player.exploring
                     && !(root.player.predictQuestion !== "" && root.player.predictAnswered < 0)
                     && (!root.player.atEnd || root.player.nextTitle !== "")
            tip: qsTr("PageDown")
            onClicked: root.player.atEnd ? root.player.openNext() : root.player.next()
        }
        TipButton {
            id: timelineButton
            objectName: "presenterTimeline"
            visible: !root.collapsed
            text: qsTr("Timeline")
            checkable: false
            checked: root.timelineShown
            tip: qsTr("Show the timeline under the lanes (T)")
            onClicked: root.timelineToggled()
        }
        TipButton {
            id: libraryButton
            visible: root.player !== null && !root.collapsed
            text: qsTr("Lessons")
            tip: qsTr("Ctrl+O")
            onClicked: root.libraryRequested()
        }
        TipButton {
            id: moreButton
            objectName: "presenterMore"
            visible: root.collapsed
            text: "\u22EF"
            Layout.preferredWidth: implicitHeight
            tip: qsTr("Timeline (T), lessons (Ctrl+O)")
            onClicked: moreMenu.popup()
            Menu {
                id: moreMenu
                MenuItem {
                    text: root.timelineShown ? qsTr("Hide the timeline (T)") : qsTr("Show the timeline (T)")
                    onTriggered: root.timelineToggled()
                }
                MenuItem {
                    enabled: root.player !== null
                    text: qsTr("Lessons… (Ctrl+O)")
                    onTriggered: root.libraryRequested()
                }
            }
        }
        // The way out is always on the strip: in words, or as ✕ when the strip is narrow.
        TipButton {
            id: exitButton
            objectName: "presenterExit"
            text: root.collapsed ? "\u2715" : qsTr("Leave presenter mode")
            Layout.preferredWidth: root.collapsed ? implicitHeight : implicitWidth
            tip: root.collapsed ? qsTr("Leave presenter mode (Escape or F5)") : qsTr("Escape or F5")
            onClicked: root.exitRequested()
        }
    }
}
