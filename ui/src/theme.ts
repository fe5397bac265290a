// A dense, calm business look: compact sizes, a muted blue, small radii, system Chinese fonts.
import type { ThemeConfig } from 'antd';

const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f5fbf',
    borderRadius: 4,
    fontSize: 13,
    controlHeight: 30,
    fontFamily: '-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Segoe UI", Roboto, sans-serif',
    colorBgLayout: '#f3f5f8',
  },
  components: {
    Layout: { headerBg: '#ffffff', headerHeight: 48, headerPadding: '0 12px', siderBg: '#ffffff' },
    Menu: { itemHeight: 36, subMenuItemBg: '#ffffff' },
    Table: { cellPaddingBlockSM: 6, headerBg: '#f7f8fa' },
    Card: { paddingLG: 16 },
    Form: { itemMarginBottom: 14, verticalLabelPadding: '0 0 2px' },
  },
};

/**
 * The theme for this browser: with the system's "reduce motion" asked for (an accessibility setting), dialogs, menus
 * and messages appear without animation.
 */
export function themeFor(reduceMotion: boolean): ThemeConfig {
  return reduceMotion ? { ...theme, token: { ...theme.token, motion: false } } : theme;
}
