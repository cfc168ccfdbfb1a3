import QtQuick
import QtQuick.Controls
import Qt.labs.settings
import Lockstep

// Every event of the run as a mark in its thread's row at its step, wakeups as arrows to the
// woken thread's row, the steps ahead of the current one (after going back) faded, the verdict's
// step marked, and a cursor after the current step. Click a column to go to that step, or drag
// over the rows to move through the run as with a video's scrubber; the legend (toggled in the
// corner, and kept) says what each mark means.
// A horizontal ListView creates only the columns on screen, so 10,000 events scroll smoothly.
Rectangle {
    id: root

    required property Session session
    property bool legendShown: false

    Settings {
        category: "timeline"
        property alias legendShown: root.legendShown
    }

    readonly property int rows: Math.max(1, session.events.threadCount)
    readonly property int stepWidth: Theme.timelineStep
    readonly property int rowHeight: Theme.timelineRow
    readonly property int ruler: Theme.timelineRuler

    function rowCenter(row) {
        return ruler + row * rowHeight + rowHeight / 2
    }

    // Keep the cursor in view as the run moves (stepping, auto-play, going back), with a few
    // columns of room on either side of it.
    function follow() {
        if (scrubber.pressed)
            return  // the person is moving the cursor: the view holds still under the mouse
        const step = root.session.step
        if (step <= 0) {
            list.positionViewAtBeginning()
        } else if (step >= list.count) {
            list.positionViewAtEnd()  // the footer leaves room after the last event
        } else {
            list.positionViewAtIndex(Math.max(0, step - 3), ListView.Contain)
            list.positionViewAtIndex(Math.min(list.count - 1, step + 2), ListView.Contain)
        }
    }
    Connections {
        target: root.session
        function onStepChanged() { Qt.callLater(root.follow) }
    }
    // A run replayed before the window opened (--schedule, a resumed lesson) starts in view too.
    Component.onCompleted: Qt.callLater(root.follow)

    // The step a point of the rows stands for: a column is its event's step (the state after
    // it), left of the first column is step 0, past the last is the end.
    function stepAt(x) {
        const content = x + list.contentX - list.originX
        if (content < 0)
            return 0
        return Math.min(list.count, Math.floor(content / root.stepWidth) + 1)
    }

    implicitHeight: ruler + rows * rowHeight + bar.implicitHeight + 2 * border.width
                    + (legendShown ? legend.implicitHeight : 0)
    color: Theme.surface
    border.color: Theme.frame
    border.width: Theme.border
    clip: true

    // The corner above the names: the legend's switch.
    ToolButton {
        id: legendButton
        objectName: "legendButton"
        x: root.border.width
        y: root.border.width
        width: Theme.timelineLabelWidth
        height: root.ruler
        padding: 0
        flat: true
        checkable: true
        checked: root.legendShown
        onToggled: root.legendShown = checked
        font.pixelSize: Theme.fontSmall
        text: qsTr("Legend") + (root.legendShown ? " \u25B4" : " \u25BE")
        ToolTip.visible: Theme.tipsOnHover && hovered
        ToolTip.delay: Theme.toolTipDelay
        ToolTip.text: root.legendShown ? qsTr("Hide what the timeline's marks mean") : qsTr("Show what the timeline's marks mean")
    }

    // Thread names, one per row.
    Column {
        id: labels
        x: root.border.width
        y: root.ruler + root.border.width
        width: Theme.timelineLabelWidth
        Repeater {
            model: root.session.threads
            delegate: Label {
                required property string name
                width: labels.width
                height: root.rowHeight
                leftPadding: Theme.spacing
                verticalAlignment: Text.AlignVCenter
                text: name
                font.bold: true
                elide: Text.ElideRight
            }
        }
    }

    Item {
        id: area
        x: labels.x + labels.width
        y: root.border.width
        width: root.width - x - root.border.width
        height: root.height - 2 * root.border.width - (root.legendShown ? legend.height : 0)

        Repeater {
            model: root.rows
            delegate: Rectangle {
                required property int index
                y: root.ruler + index * root.rowHeight
                width: area.width
                height: root.rowHeight
                color: index % 2 ? Theme.timelineRowB : Theme.timelineRowA
            }
        }

        Label {
            visible: list.count === 0
            x: Theme.spacing
            y: root.ruler
            width: area.width - 2 * Theme.spacing
            height: root.rowHeight * root.rows
            verticalAlignment: Text.AlignVCenter
            wrapMode: Text.Wrap
            elide: Text.ElideRight
            text: qsTr("No steps yet: press a lane's Step button, a number key, or Play.")
            color: Theme.textMuted
        }

        ListView {
            id: list
            objectName: "timelineList"
            anchors.fill: parent
            orientation: ListView.Horizontal
            model: root.session.events
            boundsBehavior: Flickable.StopAtBounds
            clip: true
            // Room after the last event so the cursor at the end is never on the edge.
            footer: Item { width: root.stepWidth * 4; height: 1 }
            ScrollBar.horizontal: ScrollBar {
                id: bar
                policy: ScrollBar.AlwaysOn
            }

            // One step: its event's mark, the wake arrow if it woke someone, the ruler's number.
            delegate: Item {
                id: column

                required property int step
                required property int thread
                required property string threadName
                required property string text
                required property int woke
                required property bool ahead
                required property bool verdictHere

                readonly property bool current: step === root.session.step
                property real grow: 1

                width: root.stepWidth
                height: root.ruler + root.rows * root.rowHeight
                opacity: ahead ? Theme.aheadOpacity : 1

                // A wake drawn as it happens: the arrow grows from the waker to the woken.
                Component.onCompleted: if (woke >= 0 && current) growIn.restart()
                NumberAnimation {
                    id: growIn
                    target: column
                    property: "grow"
                    from: 0
                    to: 1
                    duration: Theme.durationArrow
                    easing.type: Easing.OutCubic
                }

                Rectangle {
                    visible: column.verdictHere
                    anchors.fill: parent
                    color: Theme.tint(Theme.danger, 0.3)
                    border.color: Theme.danger
                    border.width: Theme.border
                }
                Rectangle {
                    visible: hover.hovered
                    anchors.fill: parent
                    color: Theme.tint(Theme.accent, 0.15)
                }
                Label {
                    // The cursor's own mark takes the ruler on either side of it.
                    visible: (column.verdictHere || column.step % 10 === 0)
                             && column.step !== root.session.step && column.step !== root.session.step + 1
                    anchors.horizontalCenter: parent.horizontalCenter
                    height: root.ruler
                    verticalAlignment: Text.AlignVCenter
                    text: column.verdictHere ? "\u26A0" : String(column.step)
                    color: column.verdictHere ? Theme.danger : Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    font.bold: column.verdictHere
                }

                // The wake: a shaft from the waker's row to the woken row and a head pointing at it.
                Item {
                    visible: column.woke >= 0
                    readonly property real from: root.rowCenter(column.thread)
                    readonly property real to: root.rowCenter(column.woke)
                    readonly property bool down: to > from
                    x: 0
                    width: parent.width
                    Rectangle {
                        x: parent.width / 2 - width / 2
                        width: Theme.arrowWidth
                        y: parent.down ? parent.from : parent.from - height
                        height: Math.abs(parent.to - parent.from) * column.grow
                        color: Theme.wake
                    }
                    Label {
                        anchors.horizontalCenter: parent.horizontalCenter
                        y: (parent.down ? parent.from + Math.abs(parent.to - parent.from) * column.grow - height * 0.75
                                        : parent.from - Math.abs(parent.to - parent.from) * column.grow - height * 0.25)
                        text: parent.down ? "\u25BC" : "\u25B2"
                        color: Theme.wake
                        font.pixelSize: Theme.fontSmall
                    }
                }

                Rectangle {
                    x: parent.width / 2 - width / 2
                    y: root.rowCenter(column.thread) - height / 2
                    width: Theme.markSize
                    height: Theme.markSize
                    radius: width / 2
                    color: Theme.mark
                    border.color: column.current ? Theme.cursor : Theme.surface
                    border.width: column.current ? Theme.underline : Theme.border
                }

                HoverHandler { id: hover }
                ToolTip.visible: Theme.tipsOnHover && hover.hovered
                ToolTip.delay: Theme.toolTipDelay / 2
                ToolTip.text: qsTr("Step %1, %2: %3").arg(column.step).arg(column.threadName).arg(column.text)
                    + (column.ahead ? "\n" + qsTr("(ahead: click to go there)") : "")
                    + (column.verdictHere ? "\n" + qsTr("A violation was found at this step") : "")
            }

            Rectangle {
                id: cursor
                parent: list.contentItem
                z: 10
                x: root.session.step * root.stepWidth - width / 2
                y: 0
                width: Theme.cursorWidth
                height: root.ruler + root.rows * root.rowHeight
                color: Theme.cursor
                Behavior on x { NumberAnimation { duration: Theme.durationScroll } }
                Label {
                    // "▼" over the rows: where the current state sits (at step 0, not
                    // half off the start of the list).
                    x: Math.max(-cursor.x, parent.width / 2 - width / 2)
                    y: 0
                    padding: Theme.spacingTiny
                    text: "\u25BC"
                    color: Theme.cursor
                    font.pixelSize: Theme.fontSmall
                }
            }
        }

        // Press and drag over the rows: the run follows the mouse step by step (a click is a
        // drag that did not move). The scroll bar below stays the list's; the wheel scrolls.
        MouseArea {
            id: scrubber
            objectName: "timelineScrubber"
            width: area.width
            height: root.ruler + root.rows * root.rowHeight
            enabled: list.count > 0
            preventStealing: true
            cursorShape: pressed ? Qt.SizeHorCursor : Qt.PointingHandCursor
            // Many moves arrive per frame; replaying once per frame for the latest is enough.
            // A press and a release go at once, so a click lands before anything else happens.
            property int target: -1
            function apply() {
                if (target >= 0)
                    root.session.goTo(target)
                target = -1
            }
            onPressed: (mouse) => {
                root.session.playing = false  // auto-play would step on from wherever the cursor lands
                target = root.stepAt(mouse.x)
                apply()
            }
            onPositionChanged: (mouse) => {
                target = root.stepAt(mouse.x)
                Qt.callLater(apply)
            }
            onReleased: (mouse) => {
                target = root.stepAt(mouse.x)
                apply()
                Qt.callLater(root.follow)
            }
        }
    }

    // What the marks mean, drawn with the marks themselves.
    Flow {
        id: legend
        objectName: "timelineLegend"
        visible: root.legendShown
        x: root.border.width + Theme.spacing
        y: root.height - root.border.width - height
        width: root.width - 2 * x
        spacing: Theme.spacingLarge
        topPadding: Theme.spacingTiny
        bottomPadding: Theme.spacingTiny

        LegendEntry {
            text: qsTr("a step of the row's thread")
            Rectangle {
                anchors.centerIn: parent
                width: Theme.markSize
                height: width
                radius: width / 2
                color: Theme.mark
            }
        }
        LegendEntry {
            text: qsTr("the current step (drag to move it, click to jump)")
            Rectangle {
                anchors.centerIn: parent
                width: Theme.cursorWidth
                height: parent.height
                color: Theme.cursor
            }
        }
        LegendEntry {
            text: qsTr("ahead: undone steps, Forward replays them")
            Rectangle {
                anchors.centerIn: parent
                width: Theme.markSize
                height: width
                radius: width / 2
                color: Theme.mark
                opacity: Theme.aheadOpacity
            }
        }
        LegendEntry {
            text: qsTr("woke the thread it points to")
            Label {
                anchors.centerIn: parent
                text: "\u2502\u25BC"
                color: Theme.wake
                font.pixelSize: Theme.fontSmall
            }
        }
        LegendEntry {
            text: qsTr("a violation was found here")
            Rectangle {
                anchors.fill: parent
                color: Theme.tint(Theme.danger, 0.3)
                border.color: Theme.danger
                border.width: Theme.border
                Label {
                    anchors.centerIn: parent
                    text: "\u26A0"
                    color: Theme.danger
                    font.pixelSize: Theme.fontSmall
                }
            }
        }
        LegendEntry {
            text: qsTr("step numbers, every 10")
            Label {
                anchors.centerIn: parent
                text: "10"
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }
    }

    // A mark (the entry's child) in a box one column wide, then what it means.
    component LegendEntry: Row {
        property alias text: meaning.text
        default property alias mark: box.data
        spacing: Theme.spacingSmall
        Item {
            id: box
            width: Theme.timelineStep
            height: meaning.height
        }
        Label {
            id: meaning
            font.pixelSize: Theme.fontSmall
            color: Theme.text
        }
    }
}
