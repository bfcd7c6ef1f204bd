import { BadRequestException, Param, ParseUUIDPipe } from '@nestjs/common';
import { errorBody } from '@ovation/http';
import { idPipe } from './ids';

const roomIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new BadRequestException(errorBody('invalid_argument', 'id must be a room id (a UUID)', 'id')) });

/** The `:id` of a room route, checked to be a UUID (400 naming `id`). */
export const RoomIdParam = () => Param('id', roomIdPipe);
/** The `:userId` of a route, checked like every user id the API accepts (400 naming `userId`). */
export const UserIdParam = () => Param('userId', idPipe('userId'));
