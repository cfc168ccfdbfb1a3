import QtQuick
import QtQuick.Controls
import Lockstep

// A button that explains itself: every control in the window carries a tooltip, and the
// tooltip names the key that does the same thing.
Button {
    id: root

    property string tip

    ToolTip.visible: Theme.tipsOnHover && hovered && tip !== ""
    ToolTip.text: tip
    ToolTip.delay: Theme.toolTipDelay
    ToolTip.timeout: Theme.toolTipTimeout
}
