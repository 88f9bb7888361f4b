export interface DoctorExecutorSchema {
  repository?: string;
  pypirc?: string;
  timeout?: number;
}
