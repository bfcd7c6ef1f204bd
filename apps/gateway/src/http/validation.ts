import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { errorBody } from '@ovation/http';

/** DTO validation whose 400 names the first bad field, in the public error shape. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors: ValidationError[]) => {
      const [field, message] = firstProblem(errors);
      return new BadRequestException(errorBody('invalid_argument', message, field));
    },
  });
}

function firstProblem(errors: ValidationError[], prefix = ''): [string, string] {
  const first = errors[0];
  const path = prefix ? `${prefix}.${first.property}` : first.property;
  if (first.constraints) return [path, Object.values(first.constraints)[0]];
  if (first.children?.length) return firstProblem(first.children, path);
  return [path, `${path} is invalid`];
}
