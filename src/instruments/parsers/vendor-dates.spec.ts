import {
  readClock,
  readEuropeanDate,
  readEuropeanDateTime,
  readIsoDate,
  readMeridiemClock,
  readMonthNameDate,
  readMonthNameDateTime,
  readUsDate,
  readUsDateTime,
  readYearFirstDateTime,
  withClock,
} from './vendor-dates';

describe('readUsDateTime', () => {
  it.each([
    ['5/14/2024 10:41:07 AM', '2024-05-14T10:41:07'],
    ['5/14/2024 1:02:14 PM', '2024-05-14T13:02:14'],
    ['2/28/2019 12:14 AM', '2019-02-28T00:14:00'],
    ['12/1/2024 12:30 pm', '2024-12-01T12:30:00'],
    [' 5/14/2024 13:02 ', '2024-05-14T13:02:00'],
  ])('%p -> %p', (text, iso) => expect(readUsDateTime(text)).toBe(iso));

  it('refuses other layouts', () => {
    for (const text of ['14.05.2024 13:41', '2024-05-14 13:02', '5/14/24 9:02', '', undefined]) expect(readUsDateTime(text)).toBeUndefined();
  });

  it('writes impossible parts through unless asked to refuse them', () => {
    expect(readUsDateTime('13/14/2024 25:00')).toBe('2024-13-14T25:00:00');
    expect(readUsDateTime('13/14/2024 1:00', { rejectOutOfRange: true })).toBeUndefined();
    expect(readUsDateTime('5/14/2024 25:00', { rejectOutOfRange: true })).toBeUndefined();
    expect(readUsDateTime('5/14/2024 11:00 PM', { rejectOutOfRange: true })).toBe('2024-05-14T23:00:00');
  });
});

describe('the other date-time layouts', () => {
  it('reads European day-first dates with a 24-hour clock', () => {
    expect(readEuropeanDateTime('14.05.2024 13:41:07')).toBe('2024-05-14T13:41:07');
    expect(readEuropeanDateTime('4.5.2024 9:41')).toBe('2024-05-04T09:41:00');
    expect(readEuropeanDateTime('14.05.2024 1:41 PM')).toBeUndefined();
  });

  it('reads year-first dates with a space or a T', () => {
    expect(readYearFirstDateTime('2024-05-14 13:02:09')).toBe('2024-05-14T13:02:09');
    expect(readYearFirstDateTime('2024/5/4T9:02')).toBe('2024-05-04T09:02:00');
    expect(readYearFirstDateTime('2024-05-14  13:02')).toBeUndefined();
  });

  it('reads ChemStation month names with a two- or four-digit year', () => {
    expect(readMonthNameDateTime('14-May-24, 11:02:51')).toBe('2024-05-14T11:02:51');
    expect(readMonthNameDateTime('4-DEC-2023 8:05')).toBe('2023-12-04T08:05:00');
    expect(readMonthNameDateTime('14-Mai-24 11:02')).toBeUndefined();
    expect(readMonthNameDateTime('14-June-24 11:02')).toBeUndefined();
  });
});

describe('dates and clocks in separate columns', () => {
  it('reads each date layout to an ISO date', () => {
    expect(readUsDate('05/14/2024')).toBe('2024-05-14');
    expect(readEuropeanDate('14.5.2024')).toBe('2024-05-14');
    expect(readIsoDate('2024-05-14')).toBe('2024-05-14');
    expect(readIsoDate('2024-5-14')).toBeUndefined();
    expect(readMonthNameDate('14-May-24')).toBe('2024-05-14');
    expect(readMonthNameDate('14-June-2024')).toBe('2024-06-14');
    expect(readMonthNameDate('14-JUNE-24')).toBeUndefined();
  });

  it('reads 24-hour and 12-hour clocks', () => {
    expect(readClock('9:02')).toBe('09:02:00');
    expect(readClock('1:05 PM')).toBeUndefined();
    expect(readMeridiemClock('1:05:00 PM')).toBe('13:05:00');
    expect(readMeridiemClock('12:05 AM')).toBe('00:05:00');
    expect(readMeridiemClock('9:5')).toBeUndefined();
  });

  it('joins a date with its clock, midnight when the clock is missing or unreadable', () => {
    expect(withClock('2024-05-14', '09:02:41')).toBe('2024-05-14T09:02:41');
    expect(withClock('2024-05-14', undefined)).toBe('2024-05-14T00:00:00');
    expect(withClock('2024-05-14', 'soon')).toBe('2024-05-14T00:00:00');
    expect(withClock(undefined, '09:02:41')).toBeUndefined();
  });
});
