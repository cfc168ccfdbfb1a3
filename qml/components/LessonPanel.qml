import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// The open lesson beside the lab. What is read (the narration for the step, the checkpoints it
// verified, the explanation of an answer, a challenge's task and hints) scrolls in its own area;
// what is done (the prediction's choices, Previous and Next, a challenge's "Solved!", Hint and
// Stop) stays at the bottom, on screen however long the text is.
Pane {
    id: root

    required property LessonPlayer player

    signal libraryRequested()

    readonly property bool predicting: player.predictQuestion !== "" && player.predictAnswered < 0
    readonly property bool trying: player.challenge >= 0
    // The choice the arrow keys have moved to (Enter or Space answers it); the page keeps it.
    property int selectedChoice: -1
    // Letters name the choices: A is the first.
    function choiceLetter(index) { return String.fromCharCode(65 + index) }
    // Lesson Markdown at the panel's type size (code included, so it grows with the zoom).
    function rich(markdown) { return root.player.richText(markdown, Theme.fontBase) }

    // What auto-play, "Start over" and "Leave the script" may do now (the row below Next and
    // the "More" menu that stands for it in a short panel).
    readonly property bool canPlay: player.playing || (!player.atEnd && !predicting && !player.exploring)
    readonly property bool canLeave: !player.exploring && !trying
    // The height the controls that never scroll need; the rest is for reading. The row of less
    // used controls shows only while the reading area keeps a few lines beside it.
    // The parts of the panel's column (the title, the counter, the reading area and the filler
    // under everything are always there), for the spacing between them.
    readonly property int shownParts: 4 + (exploreBanner.visible ? 1 : 0) + (predictCard.visible ? 1 : 0)
                                      + (challengeCard.visible ? 1 : 0) + (navRow.visible ? 1 : 0)
    readonly property real controlsHeight: headerRow.implicitHeight + counterRow.implicitHeight
                                           + (exploreBanner.visible ? exploreBanner.implicitHeight : 0)
                                           + (predictCard.visible ? predictCard.implicitHeight : 0)
                                           + (challengeCard.visible ? challengeCard.implicitHeight : 0)
                                           + (navRow.visible ? navRow.implicitHeight : 0) + (shownParts - 1) * Theme.spacing
    // The row's height from its buttons' own sizes, as its Flow would wrap them: a hidden Flow
    // measures nothing, and the row's visibility must not decide its own height.
    readonly property real moreRowHeight: {
        const widths = [playButton.implicitWidth, speedBox.implicitWidth, restartButton.width, exploreButton.implicitWidth]
        let rows = 1
        let x = 0
        for (const w of widths) {
            if (x > 0 && x + w > availableWidth) {
                ++rows
                x = 0
            }
            x += w + Theme.spacing
        }
        const tallest = Math.max(playButton.implicitHeight, speedBox.implicitHeight, exploreButton.implicitHeight)
        return rows * tallest + (rows - 1) * Theme.spacing
    }
    readonly property bool roomForMore: availableHeight - controlsHeight - moreRowHeight - Theme.spacing
                                        >= Math.max(5 * Theme.fontBase, leastReading)

    // The reading area's least room: a few lines (or all of a shorter text), so that what is
    // read never shrinks to nothing beside tall controls (a question with long choices at a
    // large zoom).
    readonly property real leastReading: Math.min(readingColumn.implicitHeight, 6 * Theme.fontBase)
    // The panel is too short for its controls and that least room: it scrolls as a whole,
    // kept at its end, where the controls are, and the title is the first thing to go.
    readonly property bool cramped: controlsHeight + leastReading > availableHeight + 0.5

    padding: Theme.padding
    clip: true  // a panel given too little height never draws over the lab below it
    background: Rectangle { color: Theme.surfaceAlt }

    Flickable {
        id: panelScroll
        objectName: "lessonPanelScroll"
        anchors.fill: parent
        // Its scroll bar sits in the panel's right margin, so the column keeps its width
        // whether the panel scrolls or not (a width that followed `cramped` fed back into it).
        anchors.rightMargin: -root.rightPadding
        contentWidth: width
        contentHeight: root.cramped ? root.controlsHeight + root.leastReading : height
        interactive: root.cramped
        clip: root.cramped
        boundsBehavior: Flickable.StopAtBounds
        ScrollBar.vertical: ScrollBar {
            objectName: "lessonPanelScrollBar"
            policy: root.cramped ? ScrollBar.AlwaysOn : ScrollBar.AlwaysOff
        }
        function toEnd() { contentY = Math.max(0, contentHeight - height) }
        onContentHeightChanged: toEnd()
        onHeightChanged: toEnd()
        Connections {
            target: root.player
            function onStepChanged() { panelScroll.toEnd() }
            function onChallengeChanged() { panelScroll.toEnd() }
        }

    ColumnLayout {
        width: panelScroll.width - root.rightPadding
        height: panelScroll.contentHeight
        spacing: Theme.spacing

        // The title beside the library and close buttons, or above them when the panel is
        // too narrow for more than a few of its letters there.
        // The title beside the library and close buttons, or above them when the panel is
        // too narrow for more than a few of its letters there. Bindings, not a nested layout:
        // the wrapped title's height follows its width in one pass.
        Item {
            id: headerRow
            Layout.fillWidth: true
            readonly property bool titleAbove: root.availableWidth - headerButtons.width - Theme.spacing < Theme.fontLarge * 8
            implicitHeight: titleAbove ? title.height + Theme.spacingSmall + headerButtons.height
                                       : Math.max(title.height, headerButtons.height)
            Label {
                id: title
                objectName: "lessonTitle"
                width: headerRow.titleAbove ? headerRow.width : headerRow.width - headerButtons.width - Theme.spacing
                y: headerRow.titleAbove ? 0 : (headerRow.height - height) / 2
                text: root.player.title
                textFormat: Text.PlainText
                font.pixelSize: Theme.fontLarge
                font.bold: true
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
                ToolTip.visible: Theme.tipsOnHover && truncated && titleHover.hovered
                ToolTip.text: text
                HoverHandler { id: titleHover }
            }
            Row {
                id: headerButtons
                x: headerRow.width - width
                y: headerRow.titleAbove ? title.height + Theme.spacingSmall : (headerRow.height - height) / 2
                spacing: Theme.spacing
                TipButton {
                    objectName: "lessonLibraryButton"
                    text: qsTr("Lessons")
                    tip: qsTr("All lessons and your progress (Ctrl+O)")
                    onClicked: root.libraryRequested()
                }
                TipButton {
                    objectName: "lessonClose"
                    text: "\u2715"
                    width: implicitHeight
                    tip: qsTr("Close the lesson and use the lab on its own")
                    onClicked: root.player.close()
                }
            }
        }

        // Where the script is.
        RowLayout {
            id: counterRow
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
                Layout.maximumWidth: root.availableWidth * 0.7
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
            id: exploreBanner
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

        // ---- what is read: scrolls on its own ------------------------------------------
        Flickable {
            id: reading
            objectName: "lessonReading"
            Layout.fillWidth: true
            Layout.fillHeight: true
            // As tall as its text, so the controls follow it closely; it gives way first when
            // the panel is short (the controls below never do) and then scrolls.
            Layout.preferredHeight: readingColumn.implicitHeight
            Layout.maximumHeight: readingColumn.implicitHeight
            Layout.minimumHeight: root.leastReading
            clip: true
            contentWidth: width
            contentHeight: readingColumn.implicitHeight
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar { objectName: "lessonReadingScrollBar" }

            // A new step starts at its top; what was just added (an explanation, a hint, the
            // solved message) comes into view at the bottom, and stays there while the text
            // settles into its lines, until the student scrolls.
            property bool followEnd: false
            function toTop() {
                followEnd = false
                contentY = 0
            }
            function toEnd() {
                followEnd = true
                showEnd()
            }
            function showEnd() { contentY = Math.max(0, contentHeight - height) }
            onContentHeightChanged: if (followEnd) showEnd()
            onHeightChanged: if (followEnd) showEnd()
            onMovementStarted: followEnd = false

            Connections {
                target: root.player
                // An answer shows its explanation at the end; any other change is a new step.
                function onStepChanged() {
                    if (root.player.predictAnswered >= 0 && root.player.predictExplain !== "")
                        reading.toEnd()
                    else
                        reading.toTop()
                }
                function onChallengeChanged() {
                    if (root.trying && (root.player.hintsShown.length > 0 || root.player.solved))
                        reading.toEnd()
                    else
                        reading.toTop()
                }
            }

            Column {
                id: readingColumn
                width: reading.width - (reading.ScrollBar.vertical.visible ? reading.ScrollBar.vertical.width : 0)
                spacing: Theme.spacing

                // The teacher's file changed on disk and the new version is broken: the last
                // good one keeps playing, and this says where the file is wrong until it is fixed.
                Rectangle {
                    objectName: "lessonFileError"
                    width: parent.width
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

                Text {
                    objectName: "narrationText"
                    width: parent.width
                    visible: !root.trying
                    text: root.rich(root.player.narration)
                    textFormat: Text.RichText
                    wrapMode: Text.Wrap
                    color: Theme.text
                    linkColor: Theme.link
                    font.pixelSize: Theme.fontBase
                    lineHeight: 1.15
                }

                Label {
                    objectName: "checkpointText"
                    width: parent.width
                    visible: !root.trying && root.player.checkpointText !== ""
                    text: qsTr("checked: %1").arg(root.player.checkpointText)
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: Theme.good
                    font.pixelSize: Theme.fontSmall
                    font.family: Theme.monoFamily
                }

                Label {
                    objectName: "lessonFailure"
                    width: parent.width
                    visible: !root.trying && root.player.failure !== ""
                    text: "\u26A0 " + root.player.failure
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    color: Theme.danger
                    font.bold: true
                }

                // The lesson's challenges, to pick one (the lab then steps freely).
                Column {
                    objectName: "challengeList"
                    width: parent.width
                    visible: !root.trying && root.player.challengeTitles.length > 0
                    spacing: Theme.spacingSmall
                    Label {
                        width: parent.width
                        text: qsTr("Challenges")
                        font.bold: true
                    }
                    Flow {
                        width: parent.width
                        spacing: Theme.spacingSmall
                        Repeater {
                            model: root.player.challengeTitles
                            delegate: WrapButton {
                                required property int index
                                required property string modelData
                                objectName: "challengeStart_" + index
                                maximumWidth: readingColumn.width
                                text: modelData
                                tip: qsTr("Try this challenge: the lab steps freely until it is solved")
                                onClicked: root.player.startChallenge(index)
                            }
                        }
                    }
                }

                // Why the answer is right or not, once given: last, where the
                // area scrolls to (the choices stay below).
                Text {
                    objectName: "predictExplain"
                    width: parent.width
                    visible: !root.trying && root.player.predictAnswered >= 0 && root.player.predictExplain !== ""
                    text: visible ? root.rich(root.player.predictExplain) : ""
                    textFormat: Text.RichText
                    wrapMode: Text.Wrap
                    color: root.player.predictCorrect ? Theme.good : Theme.danger
                    font.pixelSize: Theme.fontBase
                }

                // The challenge being tried: its task, the hints asked for, and once solved
                // what it showed.
                Text {
                    objectName: "challengeText"
                    width: parent.width
                    visible: root.trying
                    text: root.trying ? root.rich(root.player.challengeText) : ""
                    textFormat: Text.RichText
                    wrapMode: Text.Wrap
                    color: Theme.text
                    linkColor: Theme.link
                    font.pixelSize: Theme.fontBase
                }
                Repeater {
                    model: root.trying ? root.player.hintsShown : []
                    delegate: Text {
                        required property int index
                        required property string modelData
                        objectName: "challengeHintText_" + index
                        width: readingColumn.width
                        text: root.rich(qsTr("**Hint %1:** %2").arg(index + 1).arg(modelData))
                        textFormat: Text.RichText
                        wrapMode: Text.Wrap
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontBase
                    }
                }
                Text {
                    objectName: "solvedText"
                    width: parent.width
                    visible: root.trying && root.player.solved
                    text: visible ? root.rich(root.player.solvedText) : ""
                    textFormat: Text.RichText
                    wrapMode: Text.Wrap
                    color: Theme.text
                    font.pixelSize: Theme.fontBase
                }
            }
        }

        // ---- what is done: always on screen --------------------------------------------

        // The prediction the next step asks for before it plays.
        Rectangle {
            id: predictCard
            objectName: "predictCard"
            Layout.fillWidth: true
            visible: !root.trying && root.player.predictQuestion !== ""
            implicitHeight: predictColumn.implicitHeight + 2 * Theme.padding
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.accent
            border.width: root.predicting ? Theme.underline : Theme.border

            Column {
                id: predictColumn
                x: Theme.padding
                y: Theme.padding
                width: parent.width - 2 * Theme.padding
                spacing: Theme.spacingSmall
                Text {
                    objectName: "predictQuestion"
                    width: parent.width
                    text: root.rich(qsTr("**Predict:** %1").arg(root.player.predictQuestion))
                    textFormat: Text.RichText
                    wrapMode: Text.Wrap
                    color: Theme.text
                    font.pixelSize: Theme.fontBase
                }
                Flow {
                    width: parent.width
                    spacing: Theme.spacingSmall
                    Repeater {
                        model: root.player.predictChoices
                        delegate: WrapButton {
                            required property int index
                            required property string modelData
                            objectName: "predictChoice_" + index
                            // A long choice wraps rather than running out of the panel.
                            maximumWidth: predictColumn.width
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
                    width: parent.width
                    visible: root.player.predictAnswered >= 0
                    text: root.player.predictCorrect ? "\u2713 " + qsTr("Right.")
                                                     : "\u2715 " + qsTr("Not quite.")
                    textFormat: Text.PlainText
                    wrapMode: Text.Wrap
                    font.bold: true
                    color: root.player.predictCorrect ? Theme.good : Theme.danger
                }
            }
        }

        ChallengeCard {
            id: challengeCard
            objectName: "challengeCard"
            Layout.fillWidth: true
            player: root.player
        }

        RowLayout {
            id: navRow
            Layout.fillWidth: true
            visible: !root.trying
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
            // A short panel keeps the row below in a menu.
            TipButton {
                objectName: "lessonMore"
                visible: !root.roomForMore && root.canLeave
                text: "\u22EF"
                Layout.preferredWidth: implicitHeight
                tip: qsTr("Play the lesson, start over, leave the script")
                onClicked: moreMenu.popup()
                Menu {
                    id: moreMenu
                    MenuItem {
                        text: root.player.playing ? qsTr("Pause") : qsTr("Play the lesson")
                        enabled: root.canPlay
                        onTriggered: root.player.playing = !root.player.playing
                    }
                    MenuItem {
                        text: qsTr("Start over")
                        enabled: root.player.stepIndex > 0
                        onTriggered: root.player.restart()
                    }
                    MenuItem {
                        text: qsTr("Leave the script to explore freely")
                        onTriggered: root.player.explore()
                    }
                }
            }
        }
        // Less used: on one line when it fits, wrapped when the zoom is large.
        Flow {
            id: moreRow
            Layout.fillWidth: true
            visible: root.roomForMore && root.canLeave
            spacing: Theme.spacing
            TipButton {
                id: playButton
                objectName: "lessonPlay"
                text: root.player.playing ? "\u23F8 " + qsTr("Pause") : "\u25B6 " + qsTr("Play the lesson")
                enabled: root.canPlay
                tip: qsTr("Play the script on its own, one step every few seconds; it stops at each question")
                onClicked: root.player.playing = !root.player.playing
            }
            SpinBox {
                id: speedBox
                objectName: "lessonSpeed"
                from: 1
                to: 60
                editable: true
                value: root.player.secondsPerStep
                textFromValue: (value) => qsTr("%1 s").arg(value)
                valueFromText: (text) => parseInt(text)
                onValueModified: root.player.secondsPerStep = value
                ToolTip.visible: Theme.tipsOnHover && hovered
                ToolTip.text: qsTr("Seconds between steps when the lesson plays")
            }
            TipButton {
                id: restartButton
                objectName: "lessonRestart"
                width: Math.max(implicitContentWidth + leftPadding + rightPadding, implicitHeight)
                enabled: root.player.stepIndex > 0
                text: "\u21BA"
                tip: qsTr("Start over: back to the lesson's first step (your progress in the library stays)")
                onClicked: root.player.restart()
            }
            TipButton {
                id: exploreButton
                objectName: "lessonExplore"
                flat: true
                text: qsTr("Leave the script")
                tip: qsTr("Step the threads yourself; the lesson waits where you left it")
                onClicked: root.player.explore()
            }
        }
        // Takes what the text and the controls leave, below them.
        Item { Layout.fillHeight: true }
    }
}
}
