import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// The open lesson's challenges: pick one, read what to provoke, ask for hints one at a time,
// and see the moment it is solved. While one is tried the lab steps freely.
Rectangle {
    id: root

    required property LessonPlayer player

    readonly property bool trying: player.challenge >= 0

    visible: player.challengeTitles.length > 0
    implicitHeight: body.implicitHeight + 2 * Theme.padding
    radius: Theme.radius
    color: Theme.surface
    border.color: trying ? Theme.accent : Theme.frame
    border.width: trying ? Theme.underline : Theme.border

    ColumnLayout {
        id: body
        x: Theme.padding
        y: Theme.padding
        width: root.width - 2 * Theme.padding
        spacing: Theme.spacingSmall

        Label {
            Layout.fillWidth: true
            text: root.trying ? qsTr("Challenge: %1").arg(root.player.challengeTitles[root.player.challenge] ?? "")
                              : qsTr("Challenges")
            textFormat: Text.PlainText
            font.bold: true
            wrapMode: Text.Wrap
        }

        // Not trying one: a button per challenge.
        Flow {
            Layout.fillWidth: true
            visible: !root.trying
            spacing: Theme.spacingSmall
            Repeater {
                model: root.player.challengeTitles
                delegate: TipButton {
                    required property int index
                    required property string modelData
                    objectName: "challengeStart_" + index
                    text: modelData
                    tip: qsTr("Try this challenge: the lab steps freely until it is solved")
                    onClicked: root.player.startChallenge(index)
                }
            }
        }

        // Trying one.
        Text {
            objectName: "challengeText"
            Layout.fillWidth: true
            visible: root.trying
            text: root.player.challengeText
            textFormat: Text.MarkdownText
            wrapMode: Text.Wrap
            color: Theme.text
            font.pixelSize: Theme.fontBase
        }
        Repeater {
            model: root.trying ? root.player.hintsShown : []
            delegate: Label {
                required property int index
                required property string modelData
                objectName: "challengeHintText_" + index
                Layout.fillWidth: true
                text: qsTr("Hint %1: %2").arg(index + 1).arg(modelData)
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: Theme.textMuted
            }
        }
        Rectangle {
            objectName: "solvedBanner"
            Layout.fillWidth: true
            visible: root.trying && root.player.solved
            implicitHeight: solvedColumn.implicitHeight + 2 * Theme.padding
            radius: Theme.radius
            color: Theme.goodSurface
            border.color: Theme.good
            border.width: Theme.borderStrong

            onVisibleChanged: if (visible) appear.restart()
            NumberAnimation {
                id: appear
                target: parent
                property: "opacity"
                from: 0.2
                to: 1
                duration: Theme.durationFlash
            }

            Column {
                id: solvedColumn
                x: Theme.padding
                y: Theme.padding
                width: parent.width - 2 * Theme.padding
                spacing: Theme.spacingSmall
                Label {
                    width: parent.width
                    text: "\u2713 " + qsTr("Solved!")
                    font.pixelSize: Theme.fontTitle
                    font.bold: true
                    color: Theme.good
                }
                Label {
                    objectName: "solvedText"
                    width: parent.width
                    text: root.player.solvedText
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                }
            }
        }
        RowLayout {
            Layout.fillWidth: true
            visible: root.trying
            spacing: Theme.spacingSmall
            TipButton {
                objectName: "challengeHint"
                text: qsTr("Hint")
                enabled: root.player.hasMoreHints && !root.player.solved
                tip: root.player.hasMoreHints ? qsTr("Show the next hint") : qsTr("No more hints")
                onClicked: root.player.showHint()
            }
            Item { Layout.fillWidth: true }
            TipButton {
                objectName: "challengeStop"
                text: qsTr("Stop")
                tip: qsTr("Leave the challenge and go back to the lesson")
                onClicked: root.player.stopChallenge()
            }
        }
    }
}
