import { NotFoundError } from './domain-error';

describe('NotFoundError', () => {
  it('makes its reason a code, whatever words name the missing thing', () => {
    const error = new NotFoundError('media file', '7.ts');
    expect(error).toMatchObject({ kind: 'not_found', reason: 'media_file_not_found', message: 'media file 7.ts does not exist' });
  });
});
