import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// The open lesson beside the lab: its narration for the step, the checkpoint it verified, the
// prediction the next step asks, Previous and Next, the way out to explore and back, and the
// lesson's challenges.
Pane {
    id: root

    required property LessonPlayer player

    signal libraryRequested()

    readonly property bool predicting: player.predictQuestion !== "" && player.predictAnswered < 0
    // The choice the arrow keys have moved to (Enter or Space answers it); the page keeps it.
    property int selectedChoice: -1
    // Letters name the choices: A is the first.
    function choiceLetter(index) { return String.fromCharCode(65 + index) }

    padding: Theme.padding
    background: Rectangle { color: Theme.surfaceAlt }

    ColumnLayout {
        anchors.fill: parent
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                objectName: "lessonTitle"
                Layout.fillWidth: true
                text: root.player.title
                textFormat: Text.PlainText
                font.pixelSize: Theme.fontLarge
                font.bold: true
                wrapMode: Text.Wrap
            }
            TipButton {
                objectName: "lessonLibraryButton"
                text: qsTr("Lessons")
                tip: qsTr("All lessons and your progress (Ctrl+O)")
                onClicked: root.libraryRequested()
            }
            TipButton {
                objectName: "lessonClose"
                text: "\u2715"
                tip: qsTr("Close the lesson and use the lab on its own")
                onClicked: root.player.close()
            }
        }

        // The teacher's file changed on disk and the new version is broken: the last good one
        // keeps playing, and this says where the file is wrong until it is fixed.
        Rectangle {
            objectName: "lessonFileError"
            Layout.fillWidth: true
            visible: root.player.fileError !== ""
            implicitHeight: fileErrorText.implicitHeight + 2 * Theme.padding
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.danger
            border.width: Theme.border
            Label {
                id: fileErrorText
                anchors.fill: parent
                anchors.margins: Theme.padding
                text: qsTr("\u26A0 The lesson file has an error (showing its last good version):\n%1").arg(root.player.fileError)
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: Theme.danger
                font.family: Theme.monoFamily
                font.pixelSize: Theme.fontSmall
            }
        }

        // Where the script is.
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            Label {
                objectName: "lessonStepCounter"
                // The end says so, and what comes next.
                text: root.player.atEnd && root.player.stepCount > 0
                      ? (root.player.nextTitle !== "" ? qsTr("The end. Next: %1").arg(root.player.nextTitle)
                                                      : qsTr("The end of the last lesson"))
                      : qsTr("Step %1 of %2").arg(root.player.stepIndex).arg(root.player.stepCount)
                elide: Text.ElideRight
                Layout.maximumWidth: root.width * 0.6
                color: Theme.textMuted
            }
            ProgressBar {
                Layout.fillWidth: true
                from: 0
                to: Math.max(1, root.player.stepCount)
                value: root.player.stepIndex
            }
        }

        // Exploring: the script waits where it was left.
        Rectangle {
            Layout.fillWidth: true
            visible: root.player.exploring
            implicitHeight: exploreRow.implicitHeight + 2 * Theme.spacing
            radius: Theme.radius
            color: Theme.tint(Theme.accent)
            border.color: Theme.accent
            border.width: Theme.border
            RowLayout {
                id: exploreRow
                x: Theme.spacing
                y: Theme.spacing
                width: parent.width - 2 * Theme.spacing
                spacing: Theme.spacing
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Exploring freely: the lab's keys and Step buttons work as usual.")
                    wrapMode: Text.Wrap
                }
                TipButton {
                    objectName: "lessonResume"
                    text: qsTr("Back to the lesson")
                    highlighted: true
                    tip: qsTr("Return to the lesson where you left it")
                    onClicked: root.player.resume()
                }
            }
        }

        ScrollView {
            id: scroll
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                width: scroll.availableWidth
                spacing: Theme.spacing

                Text {
                    objectName: "narrationText"
                    Layout.fillWidth: true
                    text: root.player.narration
                    textFormat: Text.MarkdownText
                    wrapMode: Text.Wrap
                    color: Theme.text
                    linkColor: Theme.link
                    font.pixelSize: Theme.fontBase
                    lineHeight: 1.15
                }

                Label {
                    objectName: "checkpointText"
                    Layout.fillWidth: true
                    visible: root.player.checkpointText !== ""
                    text: qsTr("checked: %1").arg(root.player.checkpointText)
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: Theme.good
                    font.pixelSize: Theme.fontSmall
                    font.family: Theme.monoFamily
                }

                Label {
                    objectName: "lessonFailure"
                    Layout.fillWidth: true
                    visible: root.player.failure !== ""
                    text: "\u26A0 " + root.player.failure
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: Theme.danger
                    font.bold: true
                }

                // The prediction the next step asks for before it plays.
                Rectangle {
                    objectName: "predictCard"
                    Layout.fillWidth: true
                    visible: root.player.predictQuestion !== ""
                    implicitHeight: predictColumn.implicitHeight + 2 * Theme.padding
                    radius: Theme.radius
                    color: Theme.surface
                    border.color: Theme.accent
                    border.width: root.predicting ? Theme.underline : Theme.border

                    ColumnLayout {
                        id: predictColumn
                        x: Theme.padding
                        y: Theme.padding
                        width: parent.width - 2 * Theme.padding
                        spacing: Theme.spacingSmall
                        Label {
                            Layout.fillWidth: true
                            text: qsTr("Predict: %1").arg(root.player.predictQuestion)
                            textFormat: Text.PlainText
                            wrapMode: Text.Wrap
                            font.bold: true
                        }
                        Flow {
                            Layout.fillWidth: true
                            spacing: Theme.spacingSmall
                            Repeater {
                                model: root.player.predictChoices
                                delegate: TipButton {
                                    required property int index
                                    required property string modelData
                                    objectName: "predictChoice_" + index
                                    text: root.choiceLetter(index) + "  " + modelData
                                    enabled: root.predicting
                                    highlighted: root.player.predictAnswered === index
                                                 || (root.predicting && root.selectedChoice === index)
                                    tip: root.predicting ? qsTr("Answer with %1, or the arrows and Enter; then the step plays")
                                                               .arg(root.choiceLetter(index)) : ""
                                    onClicked: root.player.answer(index)
                                }
                            }
                        }
                        Label {
                            objectName: "predictResult"
                            Layout.fillWidth: true
                            visible: root.player.predictAnswered >= 0
                            text: (root.player.predictCorrect ? "\u2713 " + qsTr("Right.") : "\u2715 " + qsTr("Not quite."))
                                  + " " + root.player.predictExplain
                            textFormat: Text.PlainText
                            wrapMode: Text.Wrap
                            color: root.player.predictCorrect ? Theme.good : Theme.danger
                        }
                    }
                }

                ChallengeCard {
                    objectName: "challengeCard"
                    Layout.fillWidth: true
                    player: root.player
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            TipButton {
                objectName: "lessonPrevious"
                text: "\u25C0 " + qsTr("Previous")
                enabled: root.player.stepIndex > 0 && !root.player.exploring
                tip: qsTr("Back one step of the lesson (PageUp, Left)")
                onClicked: root.player.previous()
            }
            TipButton {
                objectName: "lessonNext"
                Layout.fillWidth: true
                // At the end it offers the next lesson of the library.
                readonly property bool offersNextLesson: root.player.atEnd && root.player.nextTitle !== ""
                text: offersNextLesson ? qsTr("Next lesson") + " \u25B6" : qsTr("Next") + " \u25B6"
                highlighted: enabled
                enabled: (!root.player.atEnd || offersNextLesson) && !root.predicting && !root.player.exploring
                tip: offersNextLesson ? qsTr("Open \"%1\" (PageDown)").arg(root.player.nextTitle)
                     : root.predicting ? qsTr("Answer the question first")
                                       : qsTr("Play the next step (PageDown, Right, Space)")
                onClicked: offersNextLesson ? root.player.openNext() : root.player.next()
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            TipButton {
                objectName: "lessonPlay"
                text: root.player.playing ? "\u23F8 " + qsTr("Pause") : "\u25B6 " + qsTr("Play the lesson")
                enabled: root.player.playing || (!root.player.atEnd && !root.predicting && !root.player.exploring)
                tip: qsTr("Play the script on its own, one step every few seconds; it stops at each question")
                onClicked: root.player.playing = !root.player.playing
            }
            SpinBox {
                objectName: "lessonSpeed"
                from: 1
                to: 60
                editable: true
                value: root.player.secondsPerStep
                onValueModified: root.player.secondsPerStep = value
                ToolTip.visible: hovered
                ToolTip.text: qsTr("Seconds between steps when the lesson plays")
            }
            Label {
                text: qsTr("s per step")
                color: Theme.textMuted
            }
        }
        TipButton {
            objectName: "lessonExplore"
            Layout.fillWidth: true
            visible: !root.player.exploring
            flat: true
            text: qsTr("Leave the script to explore freely")
            tip: qsTr("Step the threads yourself; the lesson waits where you left it")
            onClicked: root.player.explore()
        }
    }
}
