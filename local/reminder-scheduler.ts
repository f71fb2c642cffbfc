import type { ReminderScheduler } from '../functions/app/ports.ts';

/**
 * Locally the reminder ticker reads every course's plan from the table on each tick, so there are no
 * schedules to keep in step: a sync only reports what AWS would have had to create.
 */
export const localReminderScheduler: ReminderScheduler = {
  syncCourse: async (_courseId, reminders) => ({ created: reminders.length, updated: 0, deleted: 0 }),
};
