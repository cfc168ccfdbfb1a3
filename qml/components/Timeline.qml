import QtQuick
import QtQuick.Controls
import Lockstep

// Every event of the run as a mark in its thread's row at its step, wakeups as arrows to the
// woken thread's row, the steps ahead of the current one (after going back) faded, the verdict's
// step marked, and a cursor after the current step. Click a column to go to that step.
// A horizontal ListView creates only the columns on screen, so 10,000 events scroll smoothly.
Rectangle {
    id: root

    required property Session session

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

    implicitHeight: ruler + rows * rowHeight + bar.implicitHeight + 2 * border.width
    color: Theme.surface
    border.color: Theme.frame
    border.width: Theme.border
    clip: true

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
        height: root.height - 2 * root.border.width

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
            height: root.rowHeight * root.rows
            verticalAlignment: Text.AlignVCenter
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
                    visible: column.verdictHere || column.step % 10 === 0
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
                TapHandler { onTapped: root.session.goTo(column.step) }
                ToolTip.visible: hover.hovered
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
                    // "▼ 12" over the rows: where the current state sits.
                    x: parent.width / 2 - width / 2
                    y: 0
                    padding: Theme.spacingTiny
                    text: "\u25BC"
                    color: Theme.cursor
                    font.pixelSize: Theme.fontSmall
                }
            }
        }
    }
}
