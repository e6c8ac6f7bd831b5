/** Timestamps in the formats of Apache's error log, the common log format, nginx's error log and php-fpm's log. */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (value: number) => String(value).padStart(2, '0');
const clock = (date: Date) => `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())}`;

/** "Sun Nov 29 06:50:00.123456 2026" */
export function apacheErrorTime(date = new Date()): string {
  const micros = String(date.getUTCMilliseconds() * 1000).padStart(6, '0');
  return `${DAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${two(date.getUTCDate())} ${clock(date)}.${micros} ${date.getUTCFullYear()}`;
}

/** "29/Nov/2026:06:50:00 +0000" */
export function commonLogTime(date = new Date()): string {
  return `${two(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${clock(date)} +0000`;
}

/** "2026/11/29 06:50:00" */
export function nginxErrorTime(date = new Date()): string {
  return `${date.getUTCFullYear()}/${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())} ${clock(date)}`;
}

/** "29-Nov-2026 06:50:00" */
export function fpmTime(date = new Date()): string {
  return `${two(date.getUTCDate())}-${MONTHS[date.getUTCMonth()]}-${date.getUTCFullYear()} ${clock(date)}`;
}
