import { BadRequestException, Param, ParseUUIDPipe, PipeTransform } from '@nestjs/common';
import { errorBody } from '@ovation/http';

const USER_ID = /^[A-Za-z0-9_.-]{1,64}$/;

const roomIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(errorBody('invalid_argument', 'id must be a room id (a UUID)', 'id')) });

const userIdPipe: PipeTransform<string, string> = {
  transform(value) {
    if (!USER_ID.test(value)) throw new BadRequestException(errorBody('invalid_argument', 'userId must be 1–64 letters, digits, dot, dash or underscore', 'userId'));
    return value;
  },
};

/** The `:id` of a room route, checked to be a UUID (400 naming `id`). */
export const RoomIdParam = () => Param('id', roomIdPipe);
/** The `:userId` of a route, checked like every user id the API accepts (400 naming `userId`). */
export const UserIdParam = () => Param('userId', userIdPipe);
export const USER_ID_PATTERN = USER_ID;
