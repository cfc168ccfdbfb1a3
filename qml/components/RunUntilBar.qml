import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Lockstep

// "Run until", in a lesson's words: advance one thread until its next operation is at a named
// point (start_read.increment), until it is in a state (blocked), or until a condition on a
// field holds (vma.vm_refcnt == OFFSET+1). The list offers the thread's points and the states;
// anything a lesson's `until` takes can be typed, with completion, and Enter runs it. The
// bridge runs it and says what went wrong; its steps are ordinary steps that Back undoes.
RowLayout {
    id: root

    required property Session session
    // After a run that worked: how far it went, for the panel's message line ("" otherwise).
    property string note: ""
    // Just before the run moves, for whoever must know (a lesson's script).
    signal aboutToRun()

    function run() {
        root.aboutToRun()
        const from = root.session.step
        const thread = threadPicker.currentText
        const target = untilField.editText.trim()
        if (root.session.runUntil(thread, target) !== "")
            return
        const taken = root.session.step - from
        root.note = taken === 0 ? qsTr("%1 is already at %2: nothing to run.").arg(thread).arg(target)
                  : taken === 1 ? qsTr("%1 took 1 step to %2 (Back undoes it).").arg(thread).arg(target)
                  : qsTr("%1 took %2 steps to %3 (Back undoes them one at a time).").arg(thread).arg(taken).arg(target)
    }

    // The choices belong to the thread and the run: a new scenario brings other points.
    function refresh() {
        const choices = root.session.untilChoices(threadPicker.currentText)
        if (JSON.stringify(choices) === JSON.stringify(untilField.model))
            return  // the same list: leave the field (and a selection in it) alone
        const typed = untilField.editText
        untilField.model = choices
        // What the person wrote stays: only the list under it changed.
        if (typed !== "" && untilField.editText !== typed)
            untilField.editText = typed
    }
    Connections {
        target: root.session
        // After the call that changed the run, when the thread list has its new names.
        function onConfigChanged() {
            root.note = ""
            Qt.callLater(root.refresh)
            Qt.callLater(threadPicker.measure)
        }
        function onStepChanged() { root.note = "" }
    }
    Component.onCompleted: refresh()

    spacing: Theme.spacingSmall

    Label {
        text: qsTr("Run")
        font.bold: true
    }
    ComboBox {
        id: threadPicker
        objectName: "untilThread"
        model: root.session.threads
        textRole: "name"
        // As wide as the longest name at the current zoom, not the style's default width.
        // (The style pads the text inside its content item too.)
        Layout.preferredWidth: Math.ceil(widestName + leftPadding + rightPadding
                                         + (contentItem.leftPadding || 0) + (contentItem.rightPadding || 0))
        property real widestName: 0
        function measure() {
            let widest = 0
            for (let i = 0; i < count; ++i)
                widest = Math.max(widest, nameMetrics.advanceWidth(root.session.threads.nameAt(i)))
            widestName = widest
        }
        onCountChanged: measure()
        FontMetrics {
            id: nameMetrics
            font: threadPicker.font
            onFontChanged: threadPicker.measure()  // a zoom: the metrics first, then the width
        }
        // Fusion's ComboBox keeps its 24 px height whatever the font; follow the zoom.
        Layout.preferredHeight: Math.max(implicitHeight, Theme.fontBase * 2)
        onCurrentTextChanged: Qt.callLater(root.refresh)
        ToolTip.visible: Theme.tipsOnHover && hovered
        ToolTip.delay: Theme.toolTipDelay
        ToolTip.text: qsTr("The thread to advance")
    }
    Label { text: qsTr("until") }
    ComboBox {
        id: untilField
        objectName: "untilField"
        editable: true
        font.family: Theme.monoFamily
        // Room for a condition such as "vma.vm_refcnt == OFFSET+1" without scrolling.
        Layout.preferredWidth: fieldMetrics.advanceWidth + leftPadding + rightPadding + Theme.spacing
        Layout.preferredHeight: Math.max(implicitHeight, Theme.fontBase * 2)
        TextMetrics {
            id: fieldMetrics
            font: untilField.font
            text: "vma.vm_refcnt == OFFSET+1"
        }
        onAccepted: root.run()
        onActivated: root.session.clearError()
        // Escape (with the list closed) gives the keys back to the lanes, as in the schedule field.
        Keys.onEscapePressed: (event) => {
            if (popup.visible) {
                event.accepted = false
                return
            }
            focus = false
            root.session.clearError()
        }
        // Typing starts over: the last problem belonged to the last text.
        Connections {
            target: untilField.contentItem
            ignoreUnknownSignals: true
            function onTextEdited() { root.session.clearError() }
        }
        ToolTip.visible: Theme.tipsOnHover && hovered && !popup.visible
        ToolTip.delay: Theme.toolTipDelay
        ToolTip.text: qsTr("A point the thread's next operation reaches (start_read.increment), a thread state (blocked), or a condition (vma.vm_refcnt == OFFSET+1), as a lesson's \"until\". Enter runs it.")
    }
    TipButton {
        objectName: "untilButton"
        text: qsTr("Go") + " \u21E5"
        enabled: threadPicker.currentText !== "" && untilField.editText.trim() !== ""
        tip: qsTr("Advance the thread until then (Enter in the field)")
        onClicked: root.run()
    }
}
