import QtQuick
import QtQuick.Controls
import Lockstep

// Presenter mode's narration as captions under the lanes, in large type: the step's words, its
// prediction with lettered choices (A, B, C… on the keyboard or a clicker) and, once answered,
// whether the class was right. It takes its place in the page's layout, so it covers nothing;
// when the words are longer than the room it scrolls, and each new step starts at its top.
Rectangle {
    id: root

    property LessonPlayer player: null
    // The choice the arrow keys have selected, framed (-1 none).
    property int selectedChoice: -1
    // The most of the page's height the captions may take.
    property real maximumHeight: Theme.captionMaxHeight

    readonly property bool lessonOpen: player !== null && player.current >= 0
    readonly property bool predicting: lessonOpen && player.predictQuestion !== "" && player.predictAnswered < 0

    // The question, its choices and the verdict sit below the words and never scroll away: the
    // words scroll in the room that is left.
    readonly property real fixedHeight: question.visible ? question.implicitHeight + Theme.spacing : 0
    implicitHeight: Math.min(narrationHeight + fixedHeight, maximumHeight) + 2 * Theme.padding
    readonly property real narrationHeight: captionText.implicitHeight

    // A clicker cannot scroll: words longer than the captions' room are paged through with
    // the key that moves the lesson on (LabPage asks here first). One page less a line, so
    // the line read last is still in view.
    readonly property bool moreBelow: flick.contentY + flick.height < flick.contentHeight - 1
    readonly property bool moreAbove: flick.contentY > 1
    function pageDown() {
        if (!moreBelow)
            return false
        const line = captionText.implicitHeight / Math.max(1, captionText.lineCount)
        flick.contentY = Math.min(flick.contentY + Math.max(line, flick.height - line), flick.contentHeight - flick.height)
        return true
    }
    function pageUp() {
        if (!moreAbove)
            return false
        const line = captionText.implicitHeight / Math.max(1, captionText.lineCount)
        flick.contentY = Math.max(0, flick.contentY - Math.max(line, flick.height - line))
        return true
    }
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.frame
    border.width: Theme.border
    // Never drawn beyond its own box, whatever the room it was given.
    clip: true

    Flickable {
        id: flick
        objectName: "presenterCaptionFlick"
        x: Theme.padding
        y: Theme.padding
        width: parent.width - 2 * Theme.padding
        height: Math.max(0, parent.height - 2 * Theme.padding - root.fixedHeight)
        clip: true
        contentWidth: width
        contentHeight: captionText.implicitHeight
        boundsBehavior: Flickable.StopAtBounds
        // Always drawn while there is more than the room shows: the class sees the words go on.
        ScrollBar.vertical: ScrollBar {
            objectName: "presenterCaptionScrollBar"
            policy: flick.contentHeight > flick.height + 1 ? ScrollBar.AlwaysOn : ScrollBar.AsNeeded
        }

        Text {
            id: captionText
            objectName: "presenterCaptionText"
            width: flick.width
            // Rich text from the lesson's Markdown: inline code at the captions' size.
            text: root.lessonOpen ? root.player.richText(root.player.narration, Theme.fontLarge) : ""
            textFormat: Text.RichText
            wrapMode: Text.Wrap
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            onTextChanged: flick.contentY = 0
        }
    }

    Column {
        id: question
        visible: root.lessonOpen && root.player.predictQuestion !== ""
        x: Theme.padding
        y: parent.height - Theme.padding - height
        width: parent.width - 2 * Theme.padding
        spacing: Theme.spacing

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
            id: choices
            width: parent.width
            visible: root.predicting
            spacing: Theme.spacingSmall
            Repeater {
                model: root.predicting ? root.player.predictChoices : []
                delegate: WrapButton {
                    required property int index
                    required property string modelData
                    objectName: "presenterChoice_" + index
                    // Lettered as the keys that answer (A, B, C…); a long choice wraps rather
                    // than being cut, since the right answer is often the long one.
                    maximumWidth: choices.width
                    text: String.fromCharCode(65 + index) + "  " + modelData
                    font.pixelSize: Theme.fontLarge
                    highlighted: index === root.selectedChoice
                    textColor: Theme.text
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
