import { BadRequestException, PipeTransform } from '@nestjs/common';
import { ID_MAX_BYTES, idProblem } from '@ovation/ids';
import { ValidateBy, ValidationArguments } from 'class-validator';
import { errorBody } from '@ovation/http';

/** What the OpenAPI document says of every user id field. */
export const ID_DESCRIPTION = `A user id: 1–${ID_MAX_BYTES} bytes of UTF-8 in Unicode NFC, without whitespace, control, format or invisible characters. Compared byte for byte: "Alice" and "alice" are two users.`;

/** A body field that carries an id: only the one spelling ids are compared in (`@ovation/ids`), else a 400 naming it. */
export function IsId(): PropertyDecorator {
  return ValidateBy({
    name: 'isId',
    validator: {
      validate: (value) => idProblem(value) === undefined,
      defaultMessage: (args?: ValidationArguments) => `${args?.property} ${idProblem(args?.value)}`,
    },
  });
}

/** The same rule for a path segment. */
export function idPipe(field: string): PipeTransform<string, string> {
  return {
    transform(value) {
      const problem = idProblem(value);
      if (problem) throw new BadRequestException(errorBody('invalid_argument', `${field} ${problem}`, field));
      return value;
    },
  };
}
