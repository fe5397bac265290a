export { TimelineView } from './timeline-view';
export { TimelineTab, timelineRelationsOf } from './timeline-tab';
