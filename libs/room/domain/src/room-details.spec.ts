import { ValidationError } from '@ovation/errors';
import { validateRoomDetails } from './index';

describe('validateRoomDetails', () => {
  it('normalizes text and defaults the category', () => {
    expect(validateRoomDetails({ title: '  晚间\u0007直播  ' }, true)).toEqual({ title: '晚间直播', category: 'general', coverUrl: '' });
  });

  it('only touches the fields given on update', () => {
    expect(validateRoomDetails({ category: 'music' }, false)).toEqual({ category: 'music' });
  });

  it.each([
    [{ title: '' }, 'title'],
    [{ title: 'x'.repeat(121) }, 'title'],
    [{ title: 'ok', coverUrl: 'javascript:alert(1)' }, 'coverUrl'],
    [{ title: 'ok', coverUrl: 'not a url' }, 'coverUrl'],
  ])('names the bad field of %j', (input, field) => {
    expect(() => validateRoomDetails(input, true)).toThrow(ValidationError);
    try {
      validateRoomDetails(input, true);
    } catch (error) {
      expect((error as ValidationError).field).toBe(field);
    }
  });

  it('counts characters, not UTF-16 units', () => {
    expect(validateRoomDetails({ title: '😀'.repeat(120) }, true).title).toHaveLength(240);
  });
});
