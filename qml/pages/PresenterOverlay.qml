import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// Presenter mode over the lab: the narration as captions along the bottom, large, and the
// controls only while the mouse moves (a clicker's PageDown and PageUp need none of them).
Item {
    id: root

    property LessonPlayer player: null

    signal exitRequested()
    signal libraryRequested()

    readonly property bool lessonOpen: player !== null && player.current >= 0
    property bool controlsShown: true
    readonly property bool predicting: lessonOpen && player.predictQuestion !== "" && player.predictAnswered < 0
    // Room the captions take at the bottom: the page keeps its lanes above them.
    readonly property real captionSpace: captions.visible ? captions.height + 2 * Theme.spacingLarge : 0

    function poke() {
        controlsShown = true
        hideTimer.restart()
    }

    Component.onCompleted: poke()
    onVisibleChanged: if (visible) poke()

    Timer {
        id: hideTimer
        interval: Theme.controlsHideDelay
        onTriggered: root.controlsShown = false
    }

    // Watches the pointer without taking its clicks from the lab underneath.
    MouseArea {
        anchors.fill: parent
        hoverEnabled: true
        acceptedButtons: Qt.NoButton
        onPositionChanged: root.poke()
    }

    Rectangle {
        id: captions
        objectName: "presenterCaptions"
        visible: root.lessonOpen && captionText.text !== ""
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.bottom: parent.bottom
        anchors.bottomMargin: Theme.spacingLarge
        width: Math.min(Theme.captionMaxWidth, parent.width - 2 * Theme.spacingLarge)
        height: Math.min(captionFlick.contentHeight, Theme.captionMaxHeight, root.height / 3) + 2 * Theme.padding
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.frame
        border.width: Theme.border
        opacity: 0.96

        Flickable {
            id: captionFlick
            anchors.fill: parent
            anchors.margins: Theme.padding
            clip: true
            contentWidth: width
            contentHeight: captionColumn.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar {}

            Column {
                id: captionColumn
                width: captionFlick.width
                spacing: Theme.spacing

                Text {
                    id: captionText
                    objectName: "presenterCaptionText"
                    width: parent.width
                    text: root.lessonOpen ? root.player.narration : ""
                    textFormat: Text.MarkdownText
                    wrapMode: Text.Wrap
                    color: Theme.text
                    font.pixelSize: Theme.fontLarge
                    onTextChanged: captionFlick.contentY = 0
                }
                // The prediction, answerable from the captions (the side panel is hidden).
                Label {
                    width: parent.width
                    visible: root.lessonOpen && root.player.predictQuestion !== ""
                    text: root.lessonOpen ? qsTr("Predict: %1").arg(root.player.predictQuestion) : ""
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontLarge
                    font.bold: true
                }
                Flow {
                    width: parent.width
                    visible: root.predicting
                    spacing: Theme.spacingSmall
                    Repeater {
                        model: root.predicting ? root.player.predictChoices : []
                        delegate: Button {
                            required property int index
                            required property string modelData
                            objectName: "presenterChoice_" + index
                            text: modelData
                            font.pixelSize: Theme.fontLarge
                            onClicked: root.player.answer(index)
                        }
                    }
                }
                Label {
                    width: parent.width
                    visible: root.lessonOpen && root.player.predictQuestion !== "" && root.player.predictAnswered >= 0
                    objectName: "presenterExplain"
                    text: !visible ? ""
                          : root.player.richText((root.player.predictCorrect ? "\u2713 " + qsTr("Right.") : "\u2715 " + qsTr("Not quite."))
                                                 + " " + root.player.predictExplain, Theme.fontLarge)
                    textFormat: Text.RichText
                    wrapMode: Text.Wrap
                    font.pixelSize: Theme.fontLarge
                    color: root.player !== null && root.player.predictCorrect ? Theme.good : Theme.danger
                }
            }
        }
    }

    Rectangle {
        id: controls
        objectName: "presenterControls"
        visible: opacity > 0
        opacity: root.controlsShown ? 1 : 0
        Behavior on opacity { NumberAnimation { duration: Theme.durationState } }
        anchors.horizontalCenter: parent.horizontalCenter
        anchors.top: parent.top
        anchors.topMargin: Theme.spacingLarge
        width: controlRow.implicitWidth + 2 * Theme.padding
        height: controlRow.implicitHeight + 2 * Theme.padding
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.frame
        border.width: Theme.border

        RowLayout {
            id: controlRow
            anchors.centerIn: parent
            spacing: Theme.spacing
            TipButton {
                visible: root.lessonOpen
                text: "\u25C0 " + qsTr("Previous")
                enabled: root.lessonOpen && root.player.stepIndex > 0 && !root.player.exploring
                tip: qsTr("PageUp")
                onClicked: root.player.previous()
            }
            Label {
                visible: root.lessonOpen
                text: root.lessonOpen ? qsTr("%1 · step %2 of %3").arg(root.player.title)
                                            .arg(root.player.stepIndex).arg(root.player.stepCount) : ""
                textFormat: Text.PlainText
            }
            TipButton {
                visible: root.lessonOpen
                text: qsTr("Next") + " \u25B6"
                enabled: root.lessonOpen && !root.player.atEnd && !root.player.exploring
                         && !(root.player.predictQuestion !== "" && root.player.predictAnswered < 0)
                tip: qsTr("PageDown")
                onClicked: root.player.next()
            }
            TipButton {
                visible: root.player !== null
                text: qsTr("Lessons")
                tip: qsTr("Ctrl+O")
                onClicked: root.libraryRequested()
            }
            TipButton {
                objectName: "presenterExit"
                text: qsTr("Leave presenter mode")
                tip: qsTr("Escape or F5")
                onClicked: root.exitRequested()
            }
        }
    }
}
