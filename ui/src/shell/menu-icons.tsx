// Metadata names icons by word; this maps the words menus use to antd icons (unknown words get a neutral one).
import { AppstoreOutlined, BarChartOutlined, DownloadOutlined, ExperimentOutlined, HomeOutlined, NotificationOutlined, ProjectOutlined, SettingOutlined, ShoppingOutlined, TeamOutlined, ToolOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';

const ICONS: Record<string, ReactNode> = {
  home: <HomeOutlined />,
  team: <TeamOutlined />,
  shopping: <ShoppingOutlined />,
  tool: <ToolOutlined />,
  notification: <NotificationOutlined />,
  setting: <SettingOutlined />,
  project: <ProjectOutlined />,
  experiment: <ExperimentOutlined />,
  chart: <BarChartOutlined />,
  download: <DownloadOutlined />,
};

export function menuIcon(name: string | undefined): ReactNode {
  return (name && ICONS[name]) ?? <AppstoreOutlined />;
}
